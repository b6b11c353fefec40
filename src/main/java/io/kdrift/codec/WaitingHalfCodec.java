package io.kdrift.codec;

import io.kdrift.bytes.DataForms;
import io.kdrift.event.InferencePart;
import io.kdrift.inference.RequestJoin;

/** How a half waiting for its partner ({@link RequestJoin.Waiting}) is stored: version, part, expiry, the event as JSON. */
public final class WaitingHalfCodec {
    private static final byte CURRENT = 1;

    private WaitingHalfCodec() {
    }

    public static byte[] encode(RequestJoin.Waiting w) {
        byte[] event = EventJson.toJson(w.half());
        return DataForms.write(out -> {
            out.writeByte(CURRENT);
            out.writeByte(w.part().ordinal());
            out.writeLong(w.expiresAt());
            out.writeInt(event.length);
            out.write(event);
        });
    }

    public static RequestJoin.Waiting decode(byte[] bytes) {
        return DataForms.read(bytes, in -> {
            int version = in.readByte();
            if (version != CURRENT) {
                throw new IllegalStateException("waiting half of version " + version + ", this kdrift reads " + CURRENT);
            }
            InferencePart part = InferencePart.values()[in.readByte()];
            long expiresAt = in.readLong();
            byte[] event = new byte[in.readInt()];
            in.readFully(event);
            return new RequestJoin.Waiting(part, EventJson.fromJson(event), expiresAt);
        });
    }
}
