package org.stackbake.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.stackbake.files.Jackson;
import org.stackbake.image.BuildManifest;
import org.stackbake.pipeline.ImageResult;

/**
 * `build --json`: one JSON object per image, one per line, for CI pipelines to read with jq:
 * {"name","definition","status":"built|skipped|failed","output","sha256","error","steps":[{"name","ms"}],"totalMs"}.
 * output/sha256 are null when there is none, error is null unless failed.
 */
final class JsonReport {

    private JsonReport() {}

    static String line(ImageResult result) {
        ObjectNode node = Jackson.JSON.createObjectNode();
        node.put("name", result.name());
        node.put("definition", result.definition() == null ? null : result.definition().toString());
        node.put("status", result.status().name().toLowerCase(Locale.ROOT));
        node.put("output", result.output() == null ? null : result.output().toAbsolutePath().toString());
        node.put("sha256", result.sha256());
        node.put("error", result.error());
        ArrayNode steps = node.putArray("steps");
        long total = 0;
        for (BuildManifest.Step step : result.steps()) {
            steps.addObject().put("name", step.name()).put("ms", step.durationMs());
            total += step.durationMs();
        }
        node.put("totalMs", total);
        try {
            return Jackson.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
