package dev.jollama.core.store;

import dev.jollama.core.chat.Session;
import dev.jollama.core.chat.SessionStore;
import dev.jollama.core.chat.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * bench/logs.sh's filler and in-process timer: {@code fill DB N CHATS} writes N log entries and CHATS
 * saved chats of varied text; {@code time DB} prints how long the queries of {@code jollama logs -q}
 * and {@code jollama sessions} take on it, medians of 21.
 */
public final class LogBench {

    private static final String[] WORDS = ("the a model answer token context prompt daemon memory layer cache"
                    + " quantum river mountain kernel socket thread garden violin pepper harbor lantern orbit"
                    + " compile stream window python rust java haskell cobol fortran ledger meadow cipher")
            .split(" ");

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("fill")) {
            fill(file, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else if (args[0].equals("add")) {
            long t0 = System.nanoTime();
            try (Database db = Database.open(file)) {
                long t1 = System.nanoTime();
                new ExchangeLog(db).add(ExchangeLogTest.run(Instant.now(), "phi3", "one more", "answer"));
                System.out.printf("open %.1f ms, add %.1f ms%n", (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
            }
        } else {
            time(file);
        }
    }

    static void fill(Path file, int entries, int chats) {
        Random r = new Random(42);
        try (Database db = Database.open(file)) {
            SessionStore saved = new SessionStore(db);
            for (int c = 0; c < chats; c++) {
                List<Turn> turns = new ArrayList<>();
                for (int t = 0; t < 10; t++) {
                    turns.add(Turn.user(text(r, 20), null, Instant.now()));
                    turns.add(Turn.assistant(text(r, 80), Instant.now(), false));
                }
                saved.save(
                        new Session(
                                "chat-" + c,
                                "phi3",
                                null,
                                null,
                                Map.of(),
                                Instant.now(),
                                Instant.now(),
                                turns,
                                null,
                                null,
                                null,
                                null),
                        null);
            }
            long start = Instant.now().toEpochMilli() - entries * 1000L;
            db.write(conn -> {
                try (var s = conn.prepareStatement(
                        "INSERT INTO entries (time, command, model, prompt, answer, exit_code) VALUES (?, 'run', ?, ?, ?, 0)")) {
                    for (int i = 0; i < entries; i++) {
                        s.setLong(1, start + i * 1000L);
                        s.setString(2, i % 3 == 0 ? "phi3" : "llama3");
                        s.setString(3, text(r, 15) + (i == entries / 2 ? " pineapple" : ""));
                        s.setString(4, text(r, 120));
                        s.addBatch();
                        if (i % 1000 == 999) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                return null;
            });
        }
        System.out.printf("filled %s: %d entries, %d chats, %.1f MB%n", file, entries, chats, size(file) / 1e6);
    }

    static void time(Path file) {
        try (Database db = Database.open(file)) {
            ExchangeLog log = new ExchangeLog(db);
            SessionStore chats = new SessionStore(db);
            report("logs -q pineapple", () -> log.find(new LogQuery("pineapple", null, null, null, 5), "[", "]"));
            report(
                    "logs -q 'quantum river'",
                    () -> log.find(new LogQuery("quantum river", null, null, null, 5), "", ""));
            report("logs (last 5)", () -> log.find(LogQuery.last(5), "", ""));
            report("logs --model phi3", () -> log.find(new LogQuery(null, "phi3", null, null, 5), "", ""));
            report("sessions (20 newest)", () -> chats.list(20));
        }
    }

    private static void report(String what, Runnable query) {
        long[] t = new long[21];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            query.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        System.out.printf("%-28s median %6.2f ms  max %6.2f ms%n", what, t[10] / 1e6, t[20] / 1e6);
    }

    private static String text(Random r, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
