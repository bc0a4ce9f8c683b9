package dev.jollama.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries that did not wait for SQLite: kept in the journal, moved in whole, once. */
class LogJournalTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("jollama.db");
    }

    private static LogEntry entry(String prompt) {
        return new LogEntry(
                null,
                Instant.parse("2026-12-01T10:00:00Z"),
                "run",
                "http://127.0.0.1:11434",
                "ollama",
                "phi3",
                null,
                "be brief",
                Map.of("temperature", 0.5),
                prompt,
                List.of(),
                null,
                "echo: " + prompt,
                null,
                null,
                3,
                4,
                12L,
                0,
                null,
                null);
    }

    private List<LogEntry> stored() {
        try (Database d = Database.open(db())) {
            return new ExchangeLog(d)
                    .find(LogQuery.last(1000), "", "").stream()
                            .map(ExchangeLog.Found::entry)
                            .toList();
        }
    }

    @Test
    void anAnswerThatCameBeforeTheDatabaseWasOpenGoesToTheJournalAndInAtTheNextOpen() throws Exception {
        try (Recorder r = Recorder.start(db(), () -> Database.open(db()), Duration.ofHours(1), w -> {})) {
            assertThat(r.record(entry("remember pineapple")).id()).isNull();
        }
        assertThat(db()).doesNotExist(); // no SQLite for a quick run
        assertThat(Files.readString(LogJournal.of(db()).file())).contains("remember pineapple");

        List<LogEntry> in = stored();

        assertThat(in).hasSize(1);
        LogEntry e = in.get(0);
        assertThat(e.prompt()).isEqualTo("remember pineapple");
        assertThat(e.answer()).isEqualTo("echo: remember pineapple");
        assertThat(e.options()).containsEntry("temperature", 0.5);
        assertThat(e.system()).isEqualTo("be brief");
        assertThat(e.promptTokens()).isEqualTo(3);
        assertThat(e.durationMillis()).isEqualTo(12L);
        assertThat(Files.size(LogJournal.of(db()).file())).isZero();
        assertThat(stored()).hasSize(1); // moved once
    }

    @Test
    void onceTheDatabaseIsOpenAnEntryGoesStraightIn() throws Exception {
        try (Recorder r = Recorder.start(db(), () -> Database.open(db()), Duration.ZERO, w -> {})) {
            r.log(); // open
            assertThat(r.record(entry("direct")).id()).isNotNull();
        }
        assertThat(LogJournal.of(db()).pending()).isFalse();
        assertThat(stored()).extracting(LogEntry::prompt).containsExactly("direct");
    }

    @Test
    void aLineMovedInTwiceIsKeptOnceAndOneCutShortIsLeftOut() throws Exception {
        LogJournal journal = LogJournal.of(db());
        journal.append(entry("first"));
        String line = Files.readString(journal.file());
        try (Database d = Database.open(db())) {
            assertThat(new ExchangeLog(d).count()).isEqualTo(1);
        }
        // A crash after the commit, before the journal was emptied: the same line again, and half of another.
        Files.writeString(journal.file(), line + "{\"ref\":\"x\",\"command\":\"run\",\"pro");

        assertThat(stored()).extracting(LogEntry::prompt).containsExactly("first");
    }

    @Test
    void logsOffKeepsNothingAnywhere() throws Exception {
        ExchangeLog.switchOf(db()).set(false);
        try (Recorder r = Recorder.start(db(), () -> Database.open(db()), Duration.ofHours(1), w -> {})) {
            assertThat(r.record(entry("secret"))).isNull();
        }
        assertThat(LogJournal.of(db()).file()).doesNotExist();
        ExchangeLog.switchOf(db()).set(true);
        assertThat(stored()).isEmpty();
    }

    @Test
    void threadsAndAnOpenAtTheSameTimeLoseNoEntry() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (Recorder r = Recorder.start(db(), () -> Database.open(db()), Duration.ofHours(1), w -> {})) {
            for (int t = 0; t < 4; t++) {
                int me = t;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        r.record(entry("t" + me + "-" + i));
                    }
                }));
            }
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    Database.open(db()).close(); // another jollama moving the journal in meanwhile
                }
            }));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(stored()).hasSize(200).extracting(LogEntry::prompt).doesNotHaveDuplicates();
    }

    @Test
    void aLineIsTheRowsColumnsByName() {
        String line = new String(LogJournal.line(entry("x")), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").contains("\"prompt\":\"x\"").contains("\"options\":\"{");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void aJournalLargerThanTheBoundIsMovedInByItsWriter() throws Exception {
        Path journal = LogJournal.of(db()).file();
        Files.createDirectories(dir);
        String big = "y".repeat((int) LogJournal.MOVE_IN_AT);
        try (Recorder r = Recorder.start(db(), () -> Database.open(db()), Duration.ofHours(1), w -> {})) {
            r.record(entry(big));
            Files.writeString(journal, "", StandardOpenOption.APPEND);
        }
        assertThat(Files.size(journal)).isZero();
        assertThat(stored()).hasSize(1);
    }
}
