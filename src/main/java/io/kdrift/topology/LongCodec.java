package io.kdrift.topology;

import java.nio.ByteBuffer;

/** A long as 8 big-endian bytes. */
final class LongCodec implements Codec<Long> {
    @Override
    public byte[] encode(Long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    @Override
    public Long decode(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
