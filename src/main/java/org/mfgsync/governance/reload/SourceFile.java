package org.mfgsync.governance.reload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of the routes or mappings folder as it was read: the content that is validated is the content that
 * is applied, and its hash is what the audit log and the admin API show.
 *
 * @param path    path relative to its folder, with {@code /} separators (e.g. {@code workflows/x.camel.yaml})
 * @param file    where it was read from (through any symlinks, as a Kubernetes ConfigMap mounts it)
 * @param content the text, UTF-8
 * @param sha256  hex SHA-256 of the content
 */
public record SourceFile(String path, Path file, String content, String sha256) {

    public static SourceFile of(String path, Path file, String content) {
        return new SourceFile(path, file, content, sha256(content));
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
