package dev.jollama.core.files;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Private keys and credential files, by name or by what they hold: what {@code run -f} and {@code
 * /file} never send to a daemon that may be another machine. A public key ({@code id_rsa.pub}) and an
 * example environment file ({@code .env.example}) are not credentials.
 */
public final class Credentials {

    private static final Set<String> KEY_NAMES = Set.of("id_rsa", "id_dsa", "id_ecdsa", "id_ed25519");

    private static final Set<String> FILE_NAMES =
            Set.of("credentials.json", "credentials", ".netrc", "_netrc", ".pgpass", ".git-credentials", ".htpasswd");

    private static final Set<String> KEY_STORES = Set.of("p12", "pfx", "jks", "keystore");

    private static final Set<String> ENV_EXAMPLES = Set.of("example", "sample", "template", "dist");

    /** "-----BEGIN OPENSSH PRIVATE KEY-----", RSA, EC, ENCRYPTED, PGP (… PRIVATE KEY BLOCK-----). */
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");

    /** Tokens and passwords in the package managers' files. */
    private static final Pattern REGISTRY_TOKEN =
            Pattern.compile("(?im)^\\s*(?:\\S*:)?(?:_authToken|_auth|_password|password)\\s*[=:]");

    private Credentials() {}

    /**
     * What the file is, if it is a credential ("a private key", "a credentials file"), else null.
     *
     * @param name the file's name (of the real file, when it is reached through a link)
     * @param content its first bytes, or all of them; null when unread
     */
    public static String kind(String name, byte[] content) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String key : KEY_NAMES) {
            if (lower.startsWith(key) && !lower.endsWith(".pub")) {
                return "a private key";
            }
        }
        if (FILE_NAMES.contains(lower)) {
            return "a credentials file";
        }
        if (lower.equals(".env")
                || (lower.startsWith(".env.") && !ENV_EXAMPLES.contains(lower.substring(".env.".length())))) {
            return "an environment file (secrets)";
        }
        int dot = lower.lastIndexOf('.');
        if (dot > 0 && KEY_STORES.contains(lower.substring(dot + 1))) {
            return "a key store";
        }
        if (content == null) {
            return null;
        }
        String text = new String(content, StandardCharsets.ISO_8859_1); // byte for byte: the markers are ASCII
        if (PRIVATE_KEY.matcher(text).find()) {
            return "a private key";
        }
        if ((lower.equals(".npmrc") || lower.equals(".pypirc") || lower.equals(".yarnrc.yml"))
                && REGISTRY_TOKEN.matcher(text).find()) {
            return "a package registry token";
        }
        return null;
    }
}
