package io.bvecq.iter;

/** The {@link IoIterContract} for {@link IterType#BVEC}. */
class BvecIterContractTest extends IoIterContract {
    @Override
    IterType type() {
        return IterType.BVEC;
    }
}
