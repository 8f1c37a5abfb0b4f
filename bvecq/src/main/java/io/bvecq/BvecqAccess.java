package io.bvecq;

import io.bvecq.internal.NodeAccess;
import java.lang.foreign.MemorySegment;

/**
 * The one {@link NodeAccess} implementation, installed by {@link Bvecq}'s static initializer: the unchecked
 * slot reads for {@code io.bvecq.internal} and the sibling modules (see {@link NodeAccess} for why a bridge
 * and what the caller must guarantee).
 */
final class BvecqAccess extends NodeAccess {
    @Override
    public MemorySegment segmentAt(Bvecq node, int slot) {
        return node.segmentAt(slot);
    }

    @Override
    public long offsetAt(Bvecq node, int slot) {
        return node.offsetAt(slot);
    }

    @Override
    public long lengthAt(Bvecq node, int slot) {
        return node.lengthAt(slot);
    }

    @Override
    public MemorySegment[] segmentsOf(Bvecq node) {
        return node.segmentArray();
    }

    @Override
    public long[] offsetsOf(Bvecq node) {
        return node.offsetArray();
    }

    @Override
    public long[] endsOf(Bvecq node) {
        return node.endArray();
    }

    @Override
    public int firstReadOnlyAt(Bvecq node) {
        return node.firstReadOnlyAt();
    }

    @Override
    public int firstPartAt(Bvecq node) {
        return node.firstPartAt();
    }

    @Override
    public boolean discontigAt(Bvecq node) {
        return node.discontig;
    }

    @Override
    public void checkLive(Bvecq node, String what) {
        node.checkLive(what);
    }

    @Override
    public Bvecq nextAcquireUnchecked(Bvecq node) {
        return node.nextAcquireUnchecked();
    }

    @Override
    public int nrSlotsAcquireUnchecked(Bvecq node) {
        return node.nrSlotsAcquireUnchecked();
    }

    @Override
    public int tryAppend(Bvecq node, Disposal kind, MemorySegment seg, long off, long len, RegionOwner owner) {
        return node.tryAppend(kind, seg, off, len, owner);
    }

    @Override
    public int storeShared(Bvecq node, MemorySegment seg, long off, long len) {
        return node.storeSlot(seg, off, len, null);
    }

    @Override
    public int storeSharedRun(Bvecq node, Bvecq src, int from, long fromOff, int to, long toOff) {
        return node.storeSharedRun(src, from, fromOff, to, toOff);
    }
}
