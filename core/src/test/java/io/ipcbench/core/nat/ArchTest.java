package io.ipcbench.core.nat;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchTest {
    @Test
    void shouldKnowBothSpellingsOfTheTwoArchitecturesAndRefuseOthersInOneLine() {
        assertEquals(Optional.of(Arch.X86_64), Arch.of("amd64"));
        assertEquals(Optional.of(Arch.X86_64), Arch.of("x86_64"));
        assertEquals(Optional.of(Arch.AARCH64), Arch.of("aarch64"));
        assertEquals(Optional.of(Arch.AARCH64), Arch.of("arm64"));
        assertEquals(Optional.empty(), Arch.of("riscv64"));
        assertTrue(Arch.unsupported("amd64").isEmpty());
        String why = Arch.unsupported("riscv64").orElseThrow();
        assertTrue(why.contains("riscv64") && why.lines().count() == 1, why);
        assertTrue(Arch.current().isPresent(), "the test machine's own architecture has a table: " + Arch.osArch());
    }
}
