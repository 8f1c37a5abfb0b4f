package io.bvecq.iter;

/** The {@link IoIterContract} for {@link IterType#DISCARD}. */
class DiscardIterContractTest extends IoIterContract {
    @Override
    IterType type() {
        return IterType.DISCARD;
    }
}
