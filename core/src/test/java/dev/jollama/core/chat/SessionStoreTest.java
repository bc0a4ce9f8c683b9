package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Profile;
import dev.jollama.core.store.Database;
import dev.jollama.core.store.ExchangeLog;
import dev.jollama.core.store.LogEntry;
import dev.jollama.core.store.LogQuery;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving one chat from two places (two connections to one database file are two processes to SQLite):
 * what each side added is kept, and what one rewrote is not lost.
 */
class SessionStoreTest {

    private static final Instant T = Instant.parse("2025-05-11T15:06:48Z");

    @TempDir
    Path dir;

    private final List<Database> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    /** A store on its own connection to the one database file. */
    private SessionStore store() {
        Database db = Database.open(dir.resolve("j.db"));
        opened.add(db);
        return new SessionStore(db);
    }

    private static Session session(String name, List<Turn> turns) {
        Conversation c = new Conversation(ChatSettings.of(Profile.ofModel("m")));
        turns.forEach(c::add);
        return Session.of(name, c, T, T);
    }

    private static List<Turn> plus(List<Turn> turns, String... texts) {
        List<Turn> out = new ArrayList<>(turns);
        for (String text : texts) {
            out.add(Turn.user(text, null, T));
            out.add(Turn.assistant("echo: " + text, T, false));
        }
        return out;
    }

    private static List<String> users(Session s) {
        return s.messages().stream().filter(Turn::isUser).map(Turn::content).toList();
    }

    @Test
    void whenTheOtherSideOnlyAddedTurnsOursGoAfterTheirsAndBothAreKept() {
        SessionStore store = store();
        SessionStore.Saved start =
                store.save(session("work", plus(List.of(), "start")), null).saved();
        SessionStore.Saved a = store.open("work");
        SessionStore.Saved b = store.open("work");

        store.save(session("work", plus(a.session().messages(), "from a")), a);
        SessionStore.Outcome fromB = store.save(session("work", plus(b.session().messages(), "from b")), b);

        assertThat(fromB.forkedFrom()).isNull();
        assertThat(fromB.at()).isEqualTo(start.session().messages().size());
        assertThat(fromB.theirs()).extracting(Turn::content).containsExactly("from a", "echo: from a");
        assertThat(users(store.load("work"))).containsExactly("start", "from a", "from b");
        assertThat(users(fromB.saved().session())).containsExactly("start", "from a", "from b");
    }

    @Test
    void whenTheOtherSideRewroteATurnOursGoesOnUnderANewNameAndTheirsIsLeftAsItIs() {
        SessionStore store = store();
        store.save(session("work", plus(List.of(), "start")), null);
        SessionStore.Saved a = store.open("work");
        SessionStore.Saved b = store.open("work");
        List<Turn> retried = new ArrayList<>(a.session().messages());
        retried.set(1, Turn.assistant("another answer", T.plusSeconds(5), false)); // a /retry in a
        store.save(session("work", retried), a);

        SessionStore.Outcome fromB = store.save(session("work", plus(b.session().messages(), "from b")), b);

        assertThat(fromB.forkedFrom()).isEqualTo("work");
        assertThat(fromB.saved().name()).isEqualTo("work-2");
        assertThat(store.load("work").messages().get(1).content()).isEqualTo("another answer");
        assertThat(users(store.load("work-2"))).containsExactly("start", "from b");
    }

    @Test
    void whenTheOtherSideChangedTheSettingsOursGoesOnUnderANewName() {
        SessionStore a = store();
        SessionStore b = store();
        SessionStore.Saved mine =
                a.save(session("work", plus(List.of(), "start")), null).saved();
        SessionStore.Saved theirs = b.open("work");
        Session pirate = new Session(
                "work",
                "m",
                null,
                "talk like a pirate",
                null,
                T,
                T,
                theirs.session().messages(),
                null,
                null,
                null,
                null);
        b.save(pirate, theirs);

        SessionStore.Outcome next = a.save(session("work", plus(mine.session().messages(), "more")), mine);

        assertThat(next.forkedFrom()).isEqualTo("work");
        assertThat(next.saved().name()).isEqualTo("work-2");
        assertThat(a.load("work").system()).isEqualTo("talk like a pirate");
        assertThat(users(a.load("work-2"))).containsExactly("start", "more");
    }

    @Test
    void aSaveWritesOnlyTheTurnsThatChangedAndRemovesTheOnesThatWent() {
        SessionStore store = store();
        List<Turn> turns = plus(List.of(), "hi");
        SessionStore.Saved first = store.save(session("work", turns), null).saved();
        List<Turn> more = new ArrayList<>(first.session().messages());
        more.set(1, more.get(1).asInterrupted());
        more.add(Turn.user("again", null, T));
        SessionStore.Saved second = store.save(session("work", more), first).saved();

        assertThat(second.rows().subList(0, 2)).isEqualTo(first.rows());
        more.remove(2);
        store.save(session("work", more), second);
        SessionStore.Saved back = store().open("work");
        assertThat(back.session().messages()).hasSize(2);
        assertThat(back.session().messages().get(1).interrupted()).isTrue();
        assertThat(back.rows()).isEqualTo(first.rows());
    }

    @Test
    void twoProcessesTakingTurnsOnOneChatKeepEveryTurnOfBoth() {
        SessionStore a = store();
        SessionStore b = store();
        SessionStore.Saved sa =
                a.save(session("same", plus(List.of(), "start")), null).saved();
        SessionStore.Saved sb = b.open("same");
        for (int i = 0; i < 20; i++) {
            SessionStore.Outcome oa = a.save(session("same", plus(sa.session().messages(), "a" + i)), sa);
            sa = oa.saved();
            SessionStore.Outcome ob = b.save(session("same", plus(sb.session().messages(), "b" + i)), sb);
            assertThat(ob.forkedFrom()).isNull();
            assertThat(ob.theirs()).extracting(Turn::content).containsExactly("a" + i, "echo: a" + i);
            sb = ob.saved();
        }
        List<String> kept = users(store().load("same"));
        assertThat(kept).hasSize(41).doesNotHaveDuplicates();
        assertThat(users(sb.session())).isEqualTo(kept);
    }

    @Test
    void aChatClaimedButNeverSavedIsNotListedAndHasNoMessagesYet() {
        SessionStore store = store();
        assertThat(store.claim("chat")).isEqualTo("chat");
        assertThat(store.claim("chat")).isEqualTo("chat-2");
        assertThat(store.names()).isEmpty();
        assertThat(store.exists("chat")).isTrue();
        assertThatThrownBy(() -> store.load("chat"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no messages yet");
        store.save(session("chat", plus(List.of(), "first")), null); // the claimer's first save
        assertThat(store.names()).containsExactly("chat");
    }

    @Test
    void removingAChatRemovesItsTurnsAndItsLogEntriesFromEveryFile() throws Exception {
        SessionStore store = store();
        store.save(session("secret", plus(List.of(), "the launch code is zebra42")), null);
        Database db = opened.get(0);
        new ExchangeLog(db)
                .add(new LogEntry(
                        null,
                        T,
                        "chat",
                        null,
                        "ollama",
                        "m",
                        null,
                        null,
                        null,
                        "the launch code is zebra42",
                        List.of(),
                        "secret",
                        "noted",
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null));

        assertThat(store.delete("secret")).isTrue();
        assertThat(store.delete("secret")).isFalse();
        assertThat(new ExchangeLog(db).find(new LogQuery("zebra42", null, null, null, 5), "", ""))
                .isEmpty();
        assertThatThrownBy(() -> store.load("secret")).isInstanceOf(InvalidInputException.class);
        for (File f : dir.toFile().listFiles()) {
            assertThat(new String(Files.readAllBytes(f.toPath()), StandardCharsets.ISO_8859_1))
                    .as(f + " still holds the removed chat's text")
                    .doesNotContain("zebra42");
        }
    }

    @Test
    void aNewChatIsNeverSavedOverOneOfTheSameName() {
        SessionStore store = store();
        store.save(session("work", plus(List.of(), "theirs")), null);

        assertThatThrownBy(() -> store.save(session("work", plus(List.of(), "mine")), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a chat named work is saved already");
        assertThat(users(store.load("work"))).containsExactly("theirs");
    }

    @Test
    void manyThreadsSavingOneChatAtOnceKeepEveryTurn() throws Exception {
        SessionStore store = store();
        store.save(session("work", plus(List.of(), "start")), null);
        int sides = 4;
        int rounds = 10;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int side = 0; side < sides; side++) {
            String me = "s" + side;
            SessionStore mine = store();
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                SessionStore.Saved base = mine.open("work");
                for (int round = 0; round < rounds; round++) {
                    List<Turn> turns = plus(base.session().messages(), me + "-" + round);
                    base = mine.save(session("work", turns), base).saved();
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        List<String> kept = users(store.load("work"));
        assertThat(kept).hasSize(1 + sides * rounds).doesNotHaveDuplicates();
        assertThat(store.names()).containsExactly("work");
    }

    @Test
    void aMessageLongerThanJacksonsDefaultStringLimitReadsBack() {
        SessionStore store = store();
        String paste = "x".repeat(21_000_000);

        store.save(session("big", List.of(Turn.user(paste, null, T))), null);

        assertThat(store.load("big").messages().get(0).content()).hasSize(21_000_000);
    }
}
