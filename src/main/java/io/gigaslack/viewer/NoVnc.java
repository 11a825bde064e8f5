package io.gigaslack.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the viewer page loads noVNC from, with the subresource-integrity hash of every module it may load, so that a
 * changed file is refused by the browser. Either the pinned release on a CDN (or a mirror of the same release), with
 * the hashes kept in {@code viewer/novnc.sri} (made by {@code scripts/novnc-sri.sh}), or a directory the app serves
 * itself at {@link #LOCAL_PATH} (e.g. Debian's {@code novnc} package in the Docker image), hashed at start-up.
 *
 * @param baseUrl ends with "/"; {@code core/rfb.js} below it is the entry module
 * @param integrity module path below the base (e.g. {@code core/rfb.js}) → {@code sha384-…}
 * @param localDir the directory served at {@link #LOCAL_PATH}, or null
 */
public record NoVnc(String baseUrl, Map<String, String> integrity, Path localDir) {
    /** The pinned noVNC release (npm package {@code @novnc/novnc}, MPL-2.0); its hashes are in viewer/novnc.sri. */
    public static final String PINNED_VERSION = "1.7.0";
    public static final String DEFAULT_CDN = "https://cdn.jsdelivr.net/npm/@novnc/novnc@" + PINNED_VERSION + "/";
    /** Where the app serves a local copy. */
    public static final String LOCAL_PATH = "/novnc/";
    static final String ENTRY = "core/rfb.js";

    public NoVnc {
        if (!baseUrl.endsWith("/")) {
            baseUrl = baseUrl + "/";
        }
        integrity = Collections.unmodifiableMap(new LinkedHashMap<>(integrity));
    }

    /** The pinned release from {@code baseUrl} (the CDN's when null): the same files, so the same hashes. */
    public static NoVnc pinned(String baseUrl) {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (InputStream in = NoVnc.class.getResourceAsStream("/viewer/novnc.sri")) {
            if (in == null) {
                throw new IllegalStateException("viewer/novnc.sri is missing from the jar");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                hashes.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NoVnc(baseUrl == null || baseUrl.isBlank() ? DEFAULT_CDN : baseUrl, hashes, null);
    }

    /**
     * A copy of noVNC in {@code dir} (its {@code core/} and {@code vendor/} folders, as Debian's novnc package and
     * the npm package lay them out), served by the app at {@code publicUrl + LOCAL_PATH}, hashed now.
     */
    public static NoVnc local(Path dir, String publicUrl) {
        Path entry = dir.resolve(ENTRY);
        if (!Files.isRegularFile(entry)) {
            throw new IllegalArgumentException(dir + " holds no noVNC (no " + ENTRY + ")");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String top : new String[] {"core", "vendor"}) {
            Path root = dir.resolve(top);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".js") && Files.isRegularFile(p)).sorted().forEach(p ->
                        hashes.put(dir.relativize(p).toString().replace('\\', '/'), sha384(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new NoVnc(publicUrl + LOCAL_PATH, hashes, dir.toAbsolutePath().normalize());
    }

    /** The URL of the entry module. */
    public String entryUrl() {
        return baseUrl + ENTRY;
    }

    /** The origin scripts come from, for the page's Content-Security-Policy. */
    public String scriptOrigin() {
        int scheme = baseUrl.indexOf("://");
        int slash = baseUrl.indexOf('/', scheme + 3);
        return slash < 0 ? baseUrl : baseUrl.substring(0, slash);
    }

    /** Absolute module URL → hash, for the page's import map. */
    public Map<String, String> integrityByUrl() {
        Map<String, String> out = new LinkedHashMap<>();
        integrity.forEach((path, hash) -> out.put(baseUrl + path, hash));
        return out;
    }

    static String sha384(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(Files.readAllBytes(file));
            return "sha384-" + Base64.getEncoder().encodeToString(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
