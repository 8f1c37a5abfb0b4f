package io.bvecq.iter;

/** The {@link IoIterContract} for {@link IterType#BVECQ}. */
class BvecqIterContractTest extends IoIterContract {
    @Override
    IterType type() {
        return IterType.BVECQ;
    }
}
