package dev.jollama.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellationTest {

    @Test
    void runsEachActionOnceAndLateRegistrationsAtOnce() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("a"));
        Runnable deregister = c.onCancel(() -> ran.add("b"));
        deregister.run();
        c.cancel();
        c.cancel();
        c.onCancel(() -> ran.add("late"));
        assertThat(ran).containsExactly("a", "late");
        assertThat(c.isCancelled()).isTrue();
    }

    @Test
    void aBlockingActionHoldsNoLockSoOthersCanRegisterAndCancelAgain() throws Exception {
        Cancellation c = new Cancellation();
        CountDownLatch inAction = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.onCancel(() -> {
            inAction.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(c::cancel);
        assertThat(inAction.await(5, TimeUnit.SECONDS)).isTrue();

        // While the first action blocks: a second cancel returns, a new action runs at once.
        CompletableFuture.runAsync(c::cancel).get(5, TimeUnit.SECONDS);
        CountDownLatch lateRan = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> c.onCancel(lateRan::countDown)).get(5, TimeUnit.SECONDS);
        assertThat(lateRan.getCount()).isZero();
        assertThat(c.isCancelled()).isTrue();

        release.countDown();
        blocked.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailingActionDoesNotKeepTheOthersFromRunning() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> {
            throw new IllegalStateException("boom");
        });
        c.onCancel(() -> ran.add("second"));
        c.cancel();
        assertThat(ran).containsExactly("second");
    }

    @Test
    void awaitReturnsAsSoonAsAnotherThreadCancels() throws Exception {
        Cancellation c = new Cancellation();
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> c.await(Duration.ofMinutes(10)));
        c.cancel();
        assertThat(waited.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(new Cancellation().await(Duration.ofMillis(1))).isFalse();
    }
}
