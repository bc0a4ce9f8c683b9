package dev.jollama.core.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.GenerateRequest;
import dev.jollama.core.daemon.StreamListener;
import dev.jollama.core.error.DaemonUnreachableException;
import dev.jollama.core.error.ModelNotFoundException;
import dev.jollama.core.error.StreamBrokenException;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.Cancellation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostPoolTest {

    private final FakeOllama a = FakeOllama.start();
    private final FakeOllama b = FakeOllama.start();

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static GenerateRequest prompt(String model) {
        return new GenerateRequest(model, "hi", null, null, null, null, null, null, true);
    }

    @Test
    void theFirstHostAnswersWhileItIsUp() {
        var answered = Pools.over(a, b)
                .answer(
                        "llama3.2",
                        StreamListener.IGNORE,
                        new Cancellation(),
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.generate(prompt("llama3.2"), l, new Cancellation()));
        assertThat(answered.host().name()).isEqualTo("h1");
        assertThat(b.requests("/api/generate")).isEmpty();
    }

    @Test
    void aHostThatRefusesIsPassedOverAtOnce() {
        a.close();
        long start = System.nanoTime();
        var answered = Pools.over(a, b)
                .answer(
                        "llama3.2",
                        StreamListener.IGNORE,
                        new Cancellation(),
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.generate(prompt("llama3.2"), l, new Cancellation()));
        assertThat(answered.host().name()).isEqualTo("h2");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
    }

    @Test
    void aFlakyHostThatDropsTheConnectionBeforeAnsweringFailsOver() {
        a.dropConnections(1); // the model list: h1 is skipped this time
        FailoverDaemon pool = Pools.over(a, b);
        var answered = pool.answer(
                "llama3.2",
                StreamListener.IGNORE,
                new Cancellation(),
                HostPool.Order.CONFIGURED,
                (d, l) -> d.generate(prompt("llama3.2"), l, new Cancellation()));
        assertThat(answered.host().name()).isEqualTo("h2");
        a.dropConnections(1); // now its list is cached: the generate itself is dropped
        var next = pool.answer(
                "llama3.2",
                StreamListener.IGNORE,
                new Cancellation(),
                HostPool.Order.CONFIGURED,
                (d, l) -> d.generate(prompt("llama3.2"), l, new Cancellation()));
        assertThat(next.host().name()).isEqualTo("h2");
        assertThat(next.value().content()).isNotEmpty();
    }

    @Test
    void aStreamThatBreaksAfterItsFirstChunkIsNeverSentAgain() {
        a.answer(FakeOllama.Answer.CUT);
        List<String> seen = new ArrayList<>();
        FailoverDaemon pool = Pools.over(a, b);
        assertThatThrownBy(() -> pool.generate(prompt("llama3.2"), seen::add, new Cancellation()))
                .isInstanceOf(StreamBrokenException.class);
        assertThat(seen).isNotEmpty();
        assertThat(b.requests("/api/generate")).isEmpty();
    }

    @Test
    void aModelOnlyTheSecondHostHasIsAskedOfIt() {
        a.models("other:latest");
        var answered = Pools.over(a, b)
                .answer(
                        "llama3.2",
                        StreamListener.IGNORE,
                        new Cancellation(),
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.generate(prompt("llama3.2"), l, new Cancellation()));
        assertThat(answered.host().name()).isEqualTo("h2");
        assertThat(a.requests("/api/generate")).isEmpty();
    }

    @Test
    void aCloudModelListedByNoHostIsAnsweredByTheFirstUp() {
        var answered = Pools.over(a, b)
                .answer(
                        "gpt-oss:120b-cloud",
                        StreamListener.IGNORE,
                        new Cancellation(),
                        HostPool.Order.CONFIGURED,
                        (d, l) -> d.generate(prompt("gpt-oss:120b-cloud"), l, new Cancellation()));
        assertThat(answered.host().name())
                .as("the daemon proxies it to ollama.com")
                .isEqualTo("h1");
        assertThat(a.requests("/api/tags")).isEmpty();
    }

    @Test
    void aModelNoHostHasIsNotFoundNamingTheHosts() {
        assertThatThrownBy(() -> Pools.over(a, b).generate(prompt("nosuch"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("is on none of the hosts (h1, h2)");
    }

    @Test
    void whenEveryHostIsDownTheLastFailureIsThrownAfterTheRounds() {
        a.close();
        b.close();
        assertThatThrownBy(
                        () -> Pools.over(a, b).generate(prompt("llama3.2"), StreamListener.IGNORE, new Cancellation()))
                .isInstanceOf(DaemonUnreachableException.class);
    }

    @Test
    void theModelListIsAnsweredByWhoeverIsUpAndEachModelOnce() {
        b.close();
        assertThat(Pools.over(a, b).listModels())
                .extracting(m -> m.name())
                .doesNotHaveDuplicates()
                .contains("llama3.2:latest");
    }
}
