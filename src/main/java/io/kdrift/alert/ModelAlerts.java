package io.kdrift.alert;

import io.kdrift.bytes.DataForms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The alert states of one model, by signal and rule; kept in a changelogged store so a restart neither re-fires nor forgets. */
public final class ModelAlerts {
    private static final byte VERSION = 1;
    final Map<String, AlertState> states = new TreeMap<>();

    AlertState state(String signal, String rule) {
        return states.computeIfAbsent(signal + "/" + rule, k -> new AlertState());
    }

    /** The state of a (signal, rule), or null if it was never evaluated. */
    public AlertState get(String signal, String rule) {
        return states.get(signal + "/" + rule);
    }

    /** The signals for which {@code rule} is firing. */
    public java.util.List<String> firingSignals(String rule) {
        java.util.List<String> out = new java.util.ArrayList<>();
        String suffix = "/" + rule;
        states.forEach((key, s) -> {
            if (s.firing && key.endsWith(suffix)) {
                out.add(key.substring(0, key.length() - suffix.length()));
            }
        });
        return out;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(states.size());
            for (Map.Entry<String, AlertState> e : states.entrySet()) {
                DataForms.writeUtf(out, e.getKey());
                AlertState s = e.getValue();
                out.writeBoolean(s.firing);
                out.writeInt(s.breachStreak);
                out.writeInt(s.cleanStreak);
                out.writeLong(s.startsAt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ModelAlerts decode(byte[] data) {
        ModelAlerts m = new ModelAlerts();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte v = in.readByte();
            if (v != VERSION) {
                throw new IllegalStateException("unknown alert state format version " + v);
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                m.states.put(key, new AlertState(in.readBoolean(), in.readInt(), in.readInt(), in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt alert state", e);
        }
        return m;
    }
}
