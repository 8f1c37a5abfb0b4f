package io.bvecq.iter;

/** The {@link IoIterContract} for {@link IterType#SEGMENT}. */
class SegmentIterContractTest extends IoIterContract {
    @Override
    IterType type() {
        return IterType.SEGMENT;
    }

    @Override
    Layout newLayout() {
        return Layout.simple(1, 4200);
    }
}
