package io.ipcbench.core.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(LeakCheck.class)}: a {@link LeakSnapshot} before each test and the check after
 * it (after Chronicle-Bytes' {@code BytesTestCommon}): no new System V object, /dev/shm or
 * /dev/mqueue entry, ipcbench temp dir or child process.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", LeakSnapshot.take());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LeakSnapshot.assertNothingNewSince(context.getStore(NS).get("before", LeakSnapshot.class));
    }
}
