package io.kdrift.topology;

import io.kdrift.alert.ModelAlerts;
import io.kdrift.drift.ModelState;
import io.kdrift.drift.SampleChunk;
import io.kdrift.drift.StateCodec;
import io.kdrift.drift.WindowState;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serdes of kdrift's state stores: Kafka's {@link Serde} over the binary state formats of the core packages. */
final class StateSerdes {
    static final Serde<ModelState> MODEL = of(StateCodec::encodeModel, StateCodec::decodeModel);
    static final Serde<WindowState> WINDOW = of(StateCodec::encodeWindow, StateCodec::decodeWindow);
    static final Serde<SampleChunk> SAMPLE = of(StateCodec::encodeSample, StateCodec::decodeSample);
    static final Serde<ModelAlerts> ALERTS = of(ModelAlerts::encode, ModelAlerts::decode);
    /** Stream time: 8 big-endian bytes. */
    static final Serde<Long> CLOCK = Serdes.Long();

    private StateSerdes() {
    }

    private static <V> Serde<V> of(Function<V, byte[]> encode, Function<byte[], V> decode) {
        return Serdes.serdeFrom((topic, value) -> encode.apply(value), (topic, bytes) -> decode.apply(bytes));
    }
}
