package org.stackbake.sbom;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The official SPDX 2.3 JSON schema, read from SPDX's tools jar (a test dependency), as a validator. */
public final class SpdxSchema {
    private static final String RESOURCE = "resources/spdx-schema-v2.3.json";
    private static final Schema SCHEMA = load();

    private SpdxSchema() {}

    /** Schema violations of {@code json}, as messages; empty when it is a valid SPDX 2.3 document. */
    public static List<String> violations(byte[] json) {
        List<Error> errors = SCHEMA.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = SpdxSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath (org.spdx:tools-java)");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
