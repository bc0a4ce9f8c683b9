package dev.jollama.cli.render.markdown;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours a line of code by a small lexer per language: comments, strings, numbers and keywords. It
 * reads one line at a time, as the answer streams, so block comments spanning lines are not tracked;
 * that is the price of showing code as it comes.
 */
final class CodeHighlighter {

    private record Language(Set<String> keywords, String lineComment) {}

    private static final Set<String> C_LIKE = Set.of(
            "if",
            "else",
            "for",
            "while",
            "do",
            "switch",
            "case",
            "break",
            "continue",
            "return",
            "default",
            "goto",
            "struct",
            "union",
            "enum",
            "typedef",
            "const",
            "static",
            "void",
            "int",
            "char",
            "long",
            "short",
            "float",
            "double",
            "unsigned",
            "signed",
            "sizeof",
            "include",
            "define",
            "class",
            "public",
            "private",
            "protected",
            "namespace",
            "template",
            "typename",
            "new",
            "delete",
            "virtual",
            "override",
            "auto",
            "nullptr",
            "true",
            "false",
            "bool",
            "using");
    private static final Map<String, Language> LANGUAGES = Map.ofEntries(
            Map.entry(
                    "java",
                    new Language(
                            Set.of(
                                    "abstract",
                                    "assert",
                                    "boolean",
                                    "break",
                                    "byte",
                                    "case",
                                    "catch",
                                    "char",
                                    "class",
                                    "const",
                                    "continue",
                                    "default",
                                    "do",
                                    "double",
                                    "else",
                                    "enum",
                                    "extends",
                                    "final",
                                    "finally",
                                    "float",
                                    "for",
                                    "if",
                                    "implements",
                                    "import",
                                    "instanceof",
                                    "int",
                                    "interface",
                                    "long",
                                    "native",
                                    "new",
                                    "package",
                                    "private",
                                    "protected",
                                    "public",
                                    "record",
                                    "return",
                                    "short",
                                    "static",
                                    "super",
                                    "switch",
                                    "synchronized",
                                    "this",
                                    "throw",
                                    "throws",
                                    "try",
                                    "var",
                                    "void",
                                    "volatile",
                                    "while",
                                    "true",
                                    "false",
                                    "null",
                                    "yield",
                                    "sealed"),
                            "//")),
            Map.entry(
                    "python",
                    new Language(
                            Set.of(
                                    "and",
                                    "as",
                                    "assert",
                                    "async",
                                    "await",
                                    "break",
                                    "class",
                                    "continue",
                                    "def",
                                    "del",
                                    "elif",
                                    "else",
                                    "except",
                                    "finally",
                                    "for",
                                    "from",
                                    "global",
                                    "if",
                                    "import",
                                    "in",
                                    "is",
                                    "lambda",
                                    "nonlocal",
                                    "not",
                                    "or",
                                    "pass",
                                    "raise",
                                    "return",
                                    "try",
                                    "while",
                                    "with",
                                    "yield",
                                    "True",
                                    "False",
                                    "None",
                                    "self",
                                    "match",
                                    "case"),
                            "#")),
            Map.entry(
                    "javascript",
                    new Language(
                            Set.of(
                                    "async",
                                    "await",
                                    "break",
                                    "case",
                                    "catch",
                                    "class",
                                    "const",
                                    "continue",
                                    "debugger",
                                    "default",
                                    "delete",
                                    "do",
                                    "else",
                                    "export",
                                    "extends",
                                    "finally",
                                    "for",
                                    "function",
                                    "if",
                                    "import",
                                    "in",
                                    "instanceof",
                                    "let",
                                    "new",
                                    "return",
                                    "super",
                                    "switch",
                                    "this",
                                    "throw",
                                    "try",
                                    "typeof",
                                    "var",
                                    "void",
                                    "while",
                                    "with",
                                    "yield",
                                    "true",
                                    "false",
                                    "null",
                                    "undefined",
                                    "of",
                                    "from",
                                    "interface",
                                    "type",
                                    "enum",
                                    "implements",
                                    "readonly",
                                    "as"),
                            "//")),
            Map.entry(
                    "go",
                    new Language(
                            Set.of(
                                    "break",
                                    "case",
                                    "chan",
                                    "const",
                                    "continue",
                                    "default",
                                    "defer",
                                    "else",
                                    "fallthrough",
                                    "for",
                                    "func",
                                    "go",
                                    "goto",
                                    "if",
                                    "import",
                                    "interface",
                                    "map",
                                    "package",
                                    "range",
                                    "return",
                                    "select",
                                    "struct",
                                    "switch",
                                    "type",
                                    "var",
                                    "true",
                                    "false",
                                    "nil"),
                            "//")),
            Map.entry(
                    "rust",
                    new Language(
                            Set.of(
                                    "as",
                                    "async",
                                    "await",
                                    "break",
                                    "const",
                                    "continue",
                                    "crate",
                                    "dyn",
                                    "else",
                                    "enum",
                                    "extern",
                                    "false",
                                    "fn",
                                    "for",
                                    "if",
                                    "impl",
                                    "in",
                                    "let",
                                    "loop",
                                    "match",
                                    "mod",
                                    "move",
                                    "mut",
                                    "pub",
                                    "ref",
                                    "return",
                                    "self",
                                    "Self",
                                    "static",
                                    "struct",
                                    "super",
                                    "trait",
                                    "true",
                                    "type",
                                    "unsafe",
                                    "use",
                                    "where",
                                    "while",
                                    "Some",
                                    "None",
                                    "Ok",
                                    "Err"),
                            "//")),
            Map.entry("c", new Language(C_LIKE, "//")),
            Map.entry(
                    "shell",
                    new Language(
                            Set.of(
                                    "if",
                                    "then",
                                    "else",
                                    "elif",
                                    "fi",
                                    "for",
                                    "while",
                                    "until",
                                    "do",
                                    "done",
                                    "case",
                                    "esac",
                                    "in",
                                    "function",
                                    "return",
                                    "local",
                                    "export",
                                    "set",
                                    "echo",
                                    "exit",
                                    "cd",
                                    "source"),
                            "#")),
            Map.entry("yaml", new Language(Set.of("true", "false", "null", "yes", "no"), "#")),
            Map.entry(
                    "sql",
                    new Language(
                            Set.of(
                                    "select",
                                    "from",
                                    "where",
                                    "insert",
                                    "into",
                                    "values",
                                    "update",
                                    "set",
                                    "delete",
                                    "create",
                                    "table",
                                    "drop",
                                    "alter",
                                    "join",
                                    "left",
                                    "right",
                                    "inner",
                                    "outer",
                                    "on",
                                    "group",
                                    "by",
                                    "order",
                                    "having",
                                    "limit",
                                    "as",
                                    "and",
                                    "or",
                                    "not",
                                    "null",
                                    "is",
                                    "in",
                                    "distinct",
                                    "union",
                                    "primary",
                                    "key",
                                    "foreign",
                                    "references",
                                    "index",
                                    "with",
                                    "case",
                                    "when",
                                    "then",
                                    "else",
                                    "end",
                                    "count",
                                    "sum",
                                    "avg",
                                    "min",
                                    "max"),
                            "--")),
            Map.entry("json", new Language(Set.of("true", "false", "null"), null)));

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("py", "python"),
            Map.entry("python3", "python"),
            Map.entry("js", "javascript"),
            Map.entry("jsx", "javascript"),
            Map.entry("ts", "javascript"),
            Map.entry("tsx", "javascript"),
            Map.entry("typescript", "javascript"),
            Map.entry("node", "javascript"),
            Map.entry("golang", "go"),
            Map.entry("rs", "rust"),
            Map.entry("cpp", "c"),
            Map.entry("c++", "c"),
            Map.entry("cc", "c"),
            Map.entry("h", "c"),
            Map.entry("hpp", "c"),
            Map.entry("cxx", "c"),
            Map.entry("sh", "shell"),
            Map.entry("bash", "shell"),
            Map.entry("zsh", "shell"),
            Map.entry("console", "shell"),
            Map.entry("yml", "yaml"),
            Map.entry("kotlin", "java"),
            Map.entry("kt", "java"),
            Map.entry("scala", "java"),
            Map.entry("csharp", "java"),
            Map.entry("cs", "java"),
            Map.entry("jsonc", "json"));

    private static final Pattern TOKEN = Pattern.compile(
            "(\"(?:\\\\.|[^\"\\\\])*\"?|'(?:\\\\.|[^'\\\\])*'?|`[^`]*`?)|(\\b\\d+(?:\\.\\d+)?\\b)|([A-Za-z_][A-Za-z0-9_]*)");

    private final Style style;

    CodeHighlighter(Style style) {
        this.style = style;
    }

    static String canonical(String language) {
        String l = language == null ? "" : language.toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(l, l);
    }

    String line(String code, String language) {
        if (!style.colour()) {
            return code;
        }
        String lang = canonical(language);
        if (lang.equals("diff") || lang.equals("patch")) {
            if (code.startsWith("+++") || code.startsWith("---")) {
                return style.colourOnly("1", code);
            }
            if (code.startsWith("+")) {
                return style.colourOnly("32", code);
            }
            if (code.startsWith("-")) {
                return style.colourOnly("31", code);
            }
            return code.startsWith("@@") ? style.colourOnly("36", code) : code;
        }
        Language language1 = LANGUAGES.get(lang);
        if (language1 == null) {
            return code;
        }
        String body = code;
        String comment = "";
        if (language1.lineComment() != null) {
            int at = commentStart(code, language1.lineComment());
            if (at >= 0) {
                body = code.substring(0, at);
                comment = style.colourOnly("90", code.substring(at));
            }
        }
        StringBuilder out = new StringBuilder(code.length() + 32);
        Matcher m = TOKEN.matcher(body);
        int last = 0;
        boolean sql = lang.equals("sql");
        while (m.find()) {
            out.append(body, last, m.start());
            String token = m.group();
            if (m.group(1) != null) {
                boolean key = lang.equals("json")
                        && body.substring(m.end()).stripLeading().startsWith(":");
                out.append(style.colourOnly(key ? "36" : "32", token));
            } else if (m.group(2) != null) {
                out.append(style.colourOnly("33", token));
            } else if (language1.keywords().contains(sql ? token.toLowerCase(Locale.ROOT) : token)) {
                out.append(style.colourOnly("35", token));
            } else {
                out.append(token);
            }
            last = m.end();
        }
        out.append(body.substring(last));
        return out + comment;
    }

    /** Where a line comment starts, outside strings; -1 if none. */
    private static int commentStart(String code, String marker) {
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                quote = c;
            } else if (code.startsWith(marker, i)) {
                return i;
            }
        }
        return -1;
    }
}
