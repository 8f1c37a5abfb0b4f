package io.bvecq.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads whether a block device needs stable writes from sysfs: {@code <root>/dev/block/MAJ:MIN/queue/stable_writes},
 * or, for a partition (which has no queue of its own), the queue of its parent disk. The sysfs root is a
 * parameter so tests can build a fake tree.
 */
final class StableWrites {
    private StableWrites() {
    }

    /** The result: whether stable writes are needed, where that was read, and the blast radius. */
    record Info(boolean stable, String source, BlastRadius radius) {
    }

    static Info read(Path sysfsRoot, int major, int minor) {
        Path dev = sysfsRoot.resolve("dev/block/" + major + ":" + minor);
        if (!Files.exists(dev)) {
            return new Info(false, "no block device " + major + ":" + minor + " in " + sysfsRoot.resolve("dev/block"),
                    BlastRadius.UNCHECKED);
        }
        try {
            Path disk = dev;
            Path flag = dev.resolve("queue/stable_writes");
            if (!Files.exists(flag) && Files.exists(dev.resolve("partition"))) {
                disk = dev.toRealPath().getParent();
                flag = disk.resolve("queue/stable_writes");
            }
            if (!Files.exists(flag)) {
                return new Info(false, "no queue/stable_writes for " + dev, BlastRadius.UNCHECKED);
            }
            String v = Files.readString(flag, StandardCharsets.US_ASCII).trim();
            boolean stable = v.equals("1");
            BlastRadius radius = BlastRadius.UNCHECKED;
            if (stable) {
                // A parity RAID shares stripes between users: a torn write corrupts other users' data.
                Path level = disk.resolve("md/level");
                String lv = Files.exists(level) ? Files.readString(level, StandardCharsets.US_ASCII).trim() : "";
                radius = lv.matches("raid[456]") ? BlastRadius.EVERYONE : BlastRadius.BAD_APP;
            }
            return new Info(stable, flag.toString(), radius);
        } catch (IOException e) {
            return new Info(false, "unreadable: " + e.getMessage(), BlastRadius.UNCHECKED);
        }
    }
}
