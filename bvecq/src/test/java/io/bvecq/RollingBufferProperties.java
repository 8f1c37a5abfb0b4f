package io.bvecq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.bvecq.testing.LeakCheckHook;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A rolling buffer driven by random single-thread interleavings of producer appends, consumer reads and
 * deleteSpent, against a model: slot i lives in node i / slotsPerNode; the consumer's node after a nudge
 * is the node of the next data byte, or the last node when everything is read; deleteSpent moves the head
 * there and disposes every slot of the nodes it passes, never the last node.
 */
@AddLifecycleHook(LeakCheckHook.class)
class RollingBufferProperties {
    /** op >= 0: append a slot of op bytes (0 = zero-length); op == -1: deleteSpent; op < -1: read up to -op-1 bytes. */
    @Provide
    Arbitrary<List<Integer>> steps() {
        Arbitrary<Integer> op = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(5, Arbitraries.integers().between(1, 300)),
                Tuple.of(1, Arbitraries.integers().between(301, 65536)),
                Tuple.of(3, Arbitraries.just(-1)),
                Tuple.of(5, Arbitraries.integers().between(-2000, -2)));
        return op.list().ofMaxSize(60);
    }

    @Property
    void producerAndConsumerMatchTheModel(@ForAll @IntRange(min = 1, max = 5) int slotsPerNode,
            @ForAll("steps") List<Integer> steps, @ForAll long seed) {
        Random random = new Random(seed);
        CountingOwner owner = new CountingOwner();
        List<Long> slotLens = new ArrayList<>();
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int headNode = 0;
        List<Bvecq> nodes = new ArrayList<>();
        try (Arena arena = Arena.ofConfined(); RollingBuffer rb = new RollingBuffer(slotsPerNode, Disposal.UNLOCK)) {
            nodes.add(rb.head());
            BvecqPos r = rb.openReader();
            try {
                long consumed = 0;
                for (int op : steps) {
                    if (op >= 0) {
                        byte[] b = new byte[op];
                        random.nextBytes(b);
                        MemorySegment seg = arena.allocate(op + 2L);
                        MemorySegment.copy(b, 0, seg, ValueLayout.JAVA_BYTE, 1, op);
                        rb.append(seg, 1, op, owner);
                        appended.writeBytes(b);
                        slotLens.add((long) op);
                        if (rb.tail() != nodes.get(nodes.size() - 1)) {
                            nodes.add(rb.tail());
                        }
                        assertEquals((slotLens.size() - 1) / slotsPerNode, nodes.indexOf(rb.tail()));
                    } else if (op == -1) {
                        int target = consumerNode(slotLens, consumed, slotsPerNode);
                        assertEquals(target - headNode, rb.deleteSpent(r));
                        headNode = target;
                        assertSame(nodes.get(headNode), rb.head());
                        assertSame(rb.head(), r.node());
                    } else {
                        long want = Math.min(-op - 1, appended.size() - consumed);
                        long before = consumed;
                        while (consumed < before + want) {
                            r.nudge();
                            Bvecq n = r.node();
                            int s = r.slot();
                            long take = Math.min(n.length(s) - r.offset(), before + want - consumed);
                            read.writeBytes(n.segment(s).asSlice(n.offset(s) + r.offset(), take)
                                    .toArray(ValueLayout.JAVA_BYTE));
                            r.advance(take);
                            consumed += take;
                        }
                    }
                    assertEquals(appended.size() - consumed, r.remaining());
                    assertEquals(appended.size(), rb.appended());
                    assertEquals((long) headNode * slotsPerNode, owner.calls(), "slots of deleted nodes, disposed once");
                    assertEquals(nodes.size() - headNode, BvecqBuffers.nodeCount(rb.head()));
                    for (int i = 0; i < nodes.size(); i++) {
                        assertEquals(i < headNode, nodes.get(i).isReleased(), "node " + i);
                    }
                }
                byte[] all = appended.toByteArray();
                assertArrayEquals(java.util.Arrays.copyOf(all, (int) consumed), read.toByteArray());
            } finally {
                r.unset();
            }
        }
        assertEquals(slotLens.size(), owner.calls(), "every slot disposed once by the end");
    }

    /** The node a nudged consumer at logical {@code consumed} sits on. */
    private static int consumerNode(List<Long> lens, long consumed, int perNode) {
        long x = 0;
        for (int i = 0; i < lens.size(); i++) {
            x += lens.get(i);
            if (lens.get(i) > 0 && x > consumed) {
                return i / perNode;
            }
        }
        return lens.isEmpty() ? 0 : (lens.size() - 1) / perNode;
    }
}
