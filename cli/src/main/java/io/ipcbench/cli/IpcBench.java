package io.ipcbench.cli; public final class IpcBench { private IpcBench() {} public static void main(String[] a) {} }
