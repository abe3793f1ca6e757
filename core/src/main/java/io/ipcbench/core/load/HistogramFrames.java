package io.ipcbench.core.load;

import io.ipcbench.core.frame.Frame;
import io.ipcbench.core.frame.VerificationException;
import io.ipcbench.core.spi.Link;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Carries a histogram over the link as HIST frames of at most {@link #CHUNK} payload bytes (so it
 * never needs a frame larger than the smallest payload's), each frame's sequence holding the
 * encoded length (high 32 bits) and the piece's offset (low 32). Used once per repetition, after
 * the measurement: allocation here is off the hot path.
 */
public final class HistogramFrames {
    public static final int CHUNK = 64;

    private HistogramFrames() {
    }

    /** Sends {@code h}; {@code out} holds at least a header and {@link #CHUNK} bytes. */
    public static void send(Link link, ByteBuffer out, ByteBuffer empty, Histogram h) throws IOException {
        ByteBuffer encoded = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(encoded);
        int offset = 0;
        do {
            int n = Math.min(CHUNK, length - offset);
            out.clear();
            Frame.writeHeader(out, 0, Frame.HIST, n, ((long) length << 32) | offset, System.nanoTime());
            out.put(Frame.HEADER_BYTES, encoded, offset, n);
            out.limit(Frame.HEADER_BYTES + n);
            link.send(out, empty);
            offset += n;
        } while (offset < length);
    }

    /** Receives one histogram sent by {@link #send}. */
    public static Histogram receive(Link link) throws IOException {
        byte[] encoded = null;
        int offset = 0;
        do {
            ByteBuffer f = link.receive();
            Frame.expectType(f, Frame.HIST);
            int at = f.position();
            long seq = Frame.sequence(f, at);
            int length = (int) (seq >>> 32);
            int n = Frame.payloadLength(f, at);
            if (encoded == null) {
                if (length <= 0 || length > (64 << 20)) {
                    throw new VerificationException("the peer's histogram claims " + length + " B");
                }
                encoded = new byte[length];
            }
            if ((int) seq != offset || length != encoded.length || n <= 0 || offset + n > length) {
                throw new VerificationException("the peer's histogram piece at " + (int) seq + " (" + n + " B of " + length
                        + ") does not follow the " + offset + " B received");
            }
            f.get(at + Frame.HEADER_BYTES, encoded, offset, n);
            offset += n;
        } while (offset < encoded.length);
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        } catch (DataFormatException e) {
            throw new VerificationException("the peer's histogram does not decode: " + e.getMessage());
        }
    }
}
