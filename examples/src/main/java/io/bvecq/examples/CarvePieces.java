package io.bvecq.examples;

import io.bvecq.Bvecq;
import io.bvecq.BvecqPos;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Job 3: carve a large buffer into pieces a transport accepts: at most {@code maxSize} bytes in at most
 * {@code maxSlots} memory regions each (an RDMA or virtio transport's segment limit, a network file
 * system's {@code rsize}/{@code wsize}). {@link BvecqPos#slice} only measures; {@link BvecqPos#extract}
 * hands each piece out as its own chain.
 */
public final class CarvePieces {
    private CarvePieces() {
    }

    /**
     * Where the pieces go.
     */
    @FunctionalInterface
    public interface Transport {
        /**
         * Sends one piece. The piece is valid during the call; a transport that keeps it past the call
         * takes its own reference ({@link Bvecq#retain()}).
         *
         * @param piece the piece's chain
         * @param length its bytes
         * @throws IOException if sending fails
         */
        void send(Bvecq piece, long length) throws IOException;
    }

    /**
     * Measures how a chain would be carved, without building anything.
     *
     * @param head the chain
     * @param maxSize the most bytes per piece, {@code >= 1}
     * @param maxSlots the most regions per piece, {@code >= 1}
     * @return the size of each piece, in order
     */
    // @start region="measure"
    public static List<Long> pieceSizes(Bvecq head, long maxSize, int maxSlots) {
        List<Long> sizes = new ArrayList<>();
        try (BvecqPos pos = BvecqPos.at(head)) {          // the position holds a ref on its node
            long n;
            while ((n = pos.slice(maxSize, maxSlots)) > 0) { // moves pos past the piece
                sizes.add(n);
            }
        }
        return sizes;
    }
    // @end

    /**
     * Hands every byte of a chain to a transport, piece by piece.
     *
     * @param head the chain; the caller keeps its reference
     * @param maxSize the most bytes per piece, {@code >= 1}
     * @param maxSlots the most regions per piece, {@code >= 1}
     * @param transport where the pieces go
     * @return the number of pieces
     * @throws IOException from the transport
     */
    // @start region="carve"
    public static int carve(Bvecq head, long maxSize, int maxSlots, Transport transport) throws IOException {
        int pieces = 0;
        try (BvecqPos pos = BvecqPos.at(head)) {
            BvecqPos start = new BvecqPos();
            while (true) {
                start.set(pos);                                  // remember where the piece starts
                long n = pos.slice(maxSize, maxSlots);            // <= maxSize bytes in <= maxSlots regions
                if (n == 0) {
                    break;
                }
                try (Bvecq piece = start.extract(n, maxSlots)) { // the same piece as its own chain, no copy;
                    transport.send(piece, n);                    // it keeps the source memory alive
                }
                pieces++;
            }
            start.close();
        }
        return pieces;
    }
    // @end
}
