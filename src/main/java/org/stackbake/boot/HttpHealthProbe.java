package org.stackbake.boot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.stackbake.files.Jackson;

/** HTTP {@code GET /health}: healthy when the JSON body says {@code "health":"true"}. */
final class HttpHealthProbe {

    static ProbeAttempt probe(String host, int port, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).proxy(HttpClient.Builder.NO_PROXY).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/health"))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = Jackson.JSON.readTree(response.body());
            } catch (IOException e) {
                return ProbeAttempt.wrong("HTTP " + response.statusCode() + " with a body that is not JSON: "
                        + abbreviate(response.body()));
            }
            if ("true".equals(body.path("health").asText())) {
                return ProbeAttempt.ok("GET /health: \"health\":\"true\"");
            }
            // An unhealthy answer can be a server still starting (a cluster without quorum yet): try again.
            return ProbeAttempt.noAnswer("GET /health: HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        } catch (IOException e) {
            return ProbeAttempt.noAnswer(ProbeErrors.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeAttempt.noAnswer("interrupted");
        }
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private HttpHealthProbe() {}
}
