package org.stackbake.spec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.commons.codec.digest.Sha2Crypt;

/** A resolved secret value. toString never shows it, so it cannot leak through logging or messages. */
public final class Secret {
    private static final String SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String value;

    public Secret(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    /** The plain value: call only where it goes into a hash or a 0600 file. */
    public String reveal() {
        return value;
    }

    /**
     * The value as a SHA-512 crypt hash ({@code $6$}, 16-character random salt, the longest glibc
     * uses), the form /etc/shadow and chpasswd -e take.
     */
    public String sha512Crypt() {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < 16; i++) {
            salt.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
        }
        return Sha2Crypt.sha512Crypt(value.getBytes(StandardCharsets.UTF_8), salt.toString());
    }

    @Override
    public String toString() {
        return "Secret[" + name + "=***]";
    }
}
