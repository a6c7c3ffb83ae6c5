package org.stackbake.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one Jackson configuration (the library's defaults), shared: a mapper is thread-safe once
 * configured and costly to build. A use that needs other features derives a reader or writer.
 */
public final class Jackson {
    /** JSON: manifests, reports, QMP, qemu-img's output. */
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    /** JSON indented for people: the manifest, the SBOM, validate --json. */
    public static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();
    /** YAML: the release and base catalogs. */
    public static final ObjectMapper YAML = YAMLMapper.builder().build();

    private Jackson() {}
}
