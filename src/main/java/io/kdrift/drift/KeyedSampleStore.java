package io.kdrift.drift;

import static io.kdrift.event.PredictionEvent.KEY_SEPARATOR;

import io.kdrift.state.KeyedState;

/** The sample chunks of learning signals in a {@link KeyedState}, each under its own key: {@code model@baselineVersion@slot#chunk}. */
final class KeyedSampleStore implements ModelState.SampleStore {
    private final KeyedState<SampleChunk> samples;

    KeyedSampleStore(KeyedState<SampleChunk> samples) {
        this.samples = samples;
    }

    @Override
    public SampleChunk get(String model, String version, int slot, int chunk) {
        return samples.get(key(model, version, slot, chunk));
    }

    @Override
    public void put(String model, String version, int slot, int chunk, SampleChunk value) {
        samples.put(key(model, version, slot, chunk), value);
    }

    @Override
    public void delete(String model, String version, int slot, int chunk) {
        samples.delete(key(model, version, slot, chunk));
    }

    @Override
    public long writes() {
        return samples.writes();
    }

    private static String key(String model, String version, int slot, int chunk) {
        return model + KEY_SEPARATOR + (version == null ? "" : version) + KEY_SEPARATOR + slot + '#' + chunk;
    }
}
