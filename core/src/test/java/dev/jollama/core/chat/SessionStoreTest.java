package dev.jollama.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.error.InvalidInputException;
import dev.jollama.core.profile.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving one chat from two places: what each side added is kept, and what one rewrote is not lost. */
class SessionStoreTest {

    private static final Instant T = Instant.parse("2025-05-11T15:06:48Z");

    @TempDir
    Path dir;

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
        SessionStore store = new SessionStore(dir);
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
        SessionStore store = new SessionStore(dir);
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
    void aFileChangedByHandIsNeverOverwritten() throws Exception {
        SessionStore store = new SessionStore(dir);
        SessionStore.Saved mine =
                store.save(session("work", plus(List.of(), "start")), null).saved();
        Files.writeString(dir.resolve("work.json"), "{ my own notes");

        SessionStore.Outcome next =
                store.save(session("work", plus(mine.session().messages(), "more")), mine);

        assertThat(next.saved().name()).isEqualTo("work-2");
        assertThat(Files.readString(dir.resolve("work.json"))).isEqualTo("{ my own notes");
    }

    @Test
    void aNewChatIsNeverSavedOverOneOfTheSameName() {
        SessionStore store = new SessionStore(dir);
        store.save(session("work", plus(List.of(), "theirs")), null);

        assertThatThrownBy(() -> store.save(session("work", plus(List.of(), "mine")), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a chat named work is saved already");
        assertThat(users(store.load("work"))).containsExactly("theirs");
    }

    @Test
    void manyThreadsSavingOneChatAtOnceKeepEveryTurn() throws Exception {
        SessionStore store = new SessionStore(dir);
        store.save(session("work", plus(List.of(), "start")), null);
        int sides = 4;
        int rounds = 10;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int side = 0; side < sides; side++) {
            String me = "s" + side;
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                SessionStore.Saved base = store.open("work");
                for (int round = 0; round < rounds; round++) {
                    List<Turn> turns = plus(base.session().messages(), me + "-" + round);
                    base = store.save(session("work", turns), base).saved();
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
        SessionStore store = new SessionStore(dir);
        String paste = "x".repeat(21_000_000);

        store.save(session("big", List.of(Turn.user(paste, null, T))), null);

        assertThat(store.load("big").messages().get(0).content()).hasSize(21_000_000);
    }
}
