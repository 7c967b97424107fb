package dev.agentruntime.sandbox;

import dev.agentruntime.util.Proc;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A size-limited filesystem under one of the sandbox's writable mounts: a sparse ext4 image file in the run
 * directory, loop-mounted over the mount point on the host. A full disk is then the sandbox's problem only (ENOSPC
 * inside it), never the host's. Disk-backed rather than tmpfs so the workspace (and the checkpoints in its .git)
 * survive a crash or a reboot; chosen and measured in docs/guardrails.md. Needs root on the host.
 */
public final class DiskVolume {
    private DiskVolume() {}

    /** Whether this process can create loop mounts. */
    public static boolean supported() {
        return Sandbox.currentUid() == 0 && Proc.of("sh", "-c", "command -v mkfs.ext4 && command -v mount").run().ok();
    }

    /** Mounts {@code image} (created with {@code bytes} when missing) over {@code mountPoint}; no-op when mounted. */
    public static void mount(Path image, Path mountPoint, long bytes) {
        if (mounted(mountPoint)) return;
        try {
            Files.createDirectories(mountPoint);
            boolean fresh = !Files.exists(image);
            if (fresh) {
                try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                    f.setLength(bytes); // sparse: only what is written takes space
                }
                // 2% reserved for root: a sandbox that fills its disk cannot stop the runtime's checkpoint and commit.
                run("mkfs.ext4", "-q", "-F", "-m", "2", image.toString());
            }
            run("mount", "-o", "loop,nosuid,nodev", image.toString(), mountPoint.toString());
            // An empty directory, as git clone wants it.
            if (fresh) Files.deleteIfExists(mountPoint.resolve("lost+found"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + image, e);
        }
    }

    /** Mounts a run's volumes again (a finished or interrupted run); no-op for runs without them. */
    public static void remount(dev.agentruntime.rundir.RunDirectory dir) {
        if (Files.exists(dir.workspaceImage())) mount(dir.workspaceImage(), dir.workspace(), 0);
        if (Files.exists(dir.agentHomeImage())) mount(dir.agentHomeImage(), dir.agentHome(), 0);
    }

    /**
     * Unmounts a finished run's volumes and gives back the space their filesystems hold without using it: the
     * journal (64 MB for a 4g workspace, 32 MB for a 1g home) is dropped, and free blocks — among them what the
     * agent wrote and deleted — are punched out of the sparse image ({@code e2fsck -E discard}). The files stay:
     * {@link #remount} mounts them again, without a journal. An image still attached (a lazy unmount) is left as it
     * is.
     */
    public static void release(dev.agentruntime.rundir.RunDirectory dir) {
        unmountAll(dir);
        compact(dir.workspaceImage());
        compact(dir.agentHomeImage());
    }

    private static void compact(Path image) {
        if (!Files.exists(image) || attached(image)) return;
        fsck(image, "-fy"); // replays a journal an unclean stop left, which must happen before it is dropped
        run("tune2fs", "-O", "^has_journal", image.toString());
        fsck(image, "-fy", "-E", "discard");
    }

    private static void fsck(Path image, String... options) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("e2fsck"));
        cmd.addAll(java.util.List.of(options));
        cmd.add(image.toString());
        Proc.Result r = Proc.of(cmd).timeout(Duration.ofMinutes(5)).run();
        if (r.exitCode() < 0 || r.exitCode() > 1) { // 1: errors were corrected
            throw new SandboxException("e2fsck of " + image + " exited " + r.exitCode() + ": " + r.diagnostic());
        }
    }

    /** Whether a loop device still uses {@code image}. */
    private static boolean attached(Path image) {
        Proc.Result r = Proc.of("losetup", "-j", image.toString()).run();
        return !r.ok() || !r.stdout().isBlank();
    }

    /** Unmounts a run's volumes (no-op when not mounted). */
    public static void unmountAll(dev.agentruntime.rundir.RunDirectory dir) {
        unmount(dir.workspace());
        unmount(dir.agentHome());
    }

    /** Unmounts when mounted (lazily if something still holds it). */
    public static void unmount(Path mountPoint) {
        if (!mounted(mountPoint)) return;
        if (!Proc.of("umount", mountPoint.toString()).timeout(Duration.ofSeconds(30)).run().ok()) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    public static boolean mounted(Path mountPoint) {
        try {
            if (!Files.exists(mountPoint)) return false;
            String target = mountPoint.toRealPath().toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].replace("\\040", " ").equals(target)) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... cmd) {
        Proc.Result r = Proc.of(cmd).timeout(Duration.ofMinutes(2)).run();
        if (!r.ok()) throw new SandboxException(String.join(" ", cmd) + " failed: " + r.diagnostic());
    }
}
