package org.stackbake.pipeline;

import org.stackbake.render.FileEntry;

/** A file verify expects in an image; sha256 is null where the content is secret or unknown. */
public record ExpectedFile(String path, int mode, String owner, String group, String sha256) {

    public static ExpectedFile of(FileEntry entry) {
        return new ExpectedFile(entry.path(), entry.mode(), entry.owner(), entry.group(),
                entry.sensitive() ? null : entry.sha256());
    }
}
