package io.kdrift.cli;

import io.kdrift.codec.RebaselineJson;
import io.kdrift.config.KdriftConfig;
import io.kdrift.run.BaselinePublisher;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift rebaseline}: accept a model's present traffic as its new normal (docs/baselines.md). */
@Command(name = "rebaseline", mixinStandardHelpOptions = true,
        description = {"Restarts the reference of models whose reference is rolling or fixed: the next window that closes is the "
                + "first of the new reference, and the model's drift alerts resolve once windows compare clean with it.",
                "While a drift alert of a model fires, kdrift keeps its windows out of the reference so that a lasting shift keeps "
                        + "firing; this is how you say the shift is the new normal. A pinned model takes a new baseline instead "
                        + "(kdrift baseline --publish)."})
final class RebaselineCommand implements Callable<Integer> {
    @Mixin
    ConfigOption.Optional config;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "the model (repeat for several)")
    List<String> models;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka of the running kdrift (default: the configuration's kafka.bootstrap.servers, else 127.0.0.1:9092, "
                    + "kdrift run's embedded broker)")
    String bootstrap;

    @Override
    public Integer call() {
        KdriftConfig cfg = config.load(() -> io.kdrift.config.ConfigLoader.defaults(System.getenv()));
        String servers = BaselinePublisher.servers(bootstrap, cfg);
        for (RebaselineJson.Request r : BaselinePublisher.rebaseline(cfg, servers, models, System.currentTimeMillis())) {
            System.err.printf("rebaseline: model %s: its reference restarts with the next window that closes (requested %s on %s at %s)%n",
                    r.model(), Instant.ofEpochMilli(r.requestedAt()), cfg.topics().reference(), servers);
        }
        return 0;
    }
}
