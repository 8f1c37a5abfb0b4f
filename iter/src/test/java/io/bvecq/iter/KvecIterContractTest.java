package io.bvecq.iter;

/** The {@link IoIterContract} for {@link IterType#KVEC}. */
class KvecIterContractTest extends IoIterContract {
    @Override
    IterType type() {
        return IterType.KVEC;
    }
}
