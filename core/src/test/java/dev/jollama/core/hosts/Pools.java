package dev.jollama.core.hosts;

import dev.jollama.core.daemon.HttpOllamaDaemon;
import dev.jollama.core.daemon.OllamaDaemon;
import dev.jollama.core.fake.FakeOllama;
import dev.jollama.core.http.OllamaHost;
import dev.jollama.core.http.Timeouts;
import dev.jollama.core.resilience.ResilienceSettings;
import dev.jollama.core.resilience.ResilientOllamaDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Pools over fakes, built as Services builds them: one try per host per round, short back-offs. */
public final class Pools {

    public static final ResilienceSettings QUICK =
            new ResilienceSettings(3, Duration.ofMillis(20), 2.0, 0.0, 50f, 10, 4, Duration.ofSeconds(30));

    private Pools() {}

    public static FailoverDaemon over(FakeOllama... fakes) {
        List<OllamaDaemon> daemons = new ArrayList<>();
        for (FakeOllama f : fakes) {
            daemons.add(new HttpOllamaDaemon(OllamaHost.parse(f.url()), Timeouts.DEFAULT));
        }
        return over(2, daemons.toArray(OllamaDaemon[]::new));
    }

    public static FailoverDaemon over(int slots, OllamaDaemon... daemons) {
        ResilienceSettings perHost = daemons.length > 1
                ? new ResilienceSettings(1, QUICK.initialBackoff(), 2.0, 0.0, 50f, 10, 4, Duration.ofSeconds(30))
                : QUICK;
        List<PooledHost> hosts = new ArrayList<>();
        for (int i = 0; i < daemons.length; i++) {
            HostSpec spec = new HostSpec("h" + (i + 1), daemons[i].host(), Api.OLLAMA, null, slots);
            hosts.add(new PooledHost(spec, new ResilientOllamaDaemon(daemons[i], perHost)));
        }
        return new FailoverDaemon(new HostPool(hosts, QUICK, null), null);
    }
}
