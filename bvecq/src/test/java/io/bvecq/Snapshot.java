package io.bvecq;

import java.util.ArrayList;
import java.util.List;

/** Everything observable about a chain (and optionally positions), to prove a rejected call changed nothing. */
record Snapshot(List<String> nodes, List<String> positions) {
    static Snapshot of(Bvecq head, BvecqPos... positions) {
        List<String> nodes = new ArrayList<>();
        for (Bvecq n = head; n != null; n = n.nextAcquire()) {
            StringBuilder b = new StringBuilder();
            b.append(n.id()).append(" ref=").append(n.refCount()).append(" nr=").append(n.nrSlotsAcquire())
                    .append(" fpos=").append(n.fpos()).append(" dc=").append(n.discontig())
                    .append(" prev=").append(n.prev() == null ? "-" : n.prev().id());
            for (int s = 0; s < n.nrSlotsAcquire(); s++) {
                b.append(" [").append(n.segment(s).address()).append('+').append(n.offset(s)).append(':')
                        .append(n.length(s)).append(' ').append(System.identityHashCode(n.owner(s))).append(']');
            }
            b.append(" bytes=").append(n.bytes());
            nodes.add(b.toString());
        }
        nodes.add("content=" + java.util.Arrays.hashCode(Chains.bytesOf(head)));
        List<String> ps = new ArrayList<>();
        for (BvecqPos p : positions) {
            ps.add(p.isSet() ? p.node().id() + "/" + p.slot() + "/" + p.offset() : "unset");
        }
        return new Snapshot(nodes, ps);
    }
}
