package org.stackbake;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** stackbake's own version, filtered into version.properties by Maven. */
public final class Version {

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/stackbake/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }

    private Version() {}
}
