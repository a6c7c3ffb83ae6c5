package org.stackbake.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * One file to place in the guest: absolute guest path, permission bits, owner and content.
 * A sensitive entry holds secret values: its digest and content are never printed or recorded.
 */
public record FileEntry(String path, int mode, String owner, String group, byte[] content, boolean sensitive) {

    public FileEntry {
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute file path: " + path);
        }
        content = content.clone();
    }

    public static FileEntry root(String path, int mode, String text) {
        return new FileEntry(path, mode, "root", "root", text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    public String sha256() {
        return DigestUtils.sha256Hex(content);
    }

    public String modeOctal() {
        return String.format("%04o", mode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileEntry e && path.equals(e.path) && mode == e.mode && owner.equals(e.owner)
                && group.equals(e.group) && Arrays.equals(content, e.content) && sensitive == e.sensitive;
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "FileEntry[" + path + " " + modeOctal() + " " + owner + ":" + group + "]";
    }
}
