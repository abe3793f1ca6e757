package io.ipcbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipcbench.core.result.ResultsFile;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ipcbench ab-worker} (hidden): one side of {@code ipcbench ab}, a long-lived JVM of that
 * side's jar and JDK. It says hello, then reads one command line per line of standard input (a
 * JSON array of arguments), runs it as {@code ipcbench} would, and answers with one JSON line
 * (exit code, output, errors). Its peers are forked from its own jar and JDK, so each side is
 * measured entirely with its own code. It ends at end of input.
 */
@Command(name = "ab-worker", hidden = true, description = "One side of 'ipcbench ab' (internal).")
final class AbWorkerCommand implements Callable<Integer> {
    /** The first line a worker writes; {@code ab} refuses a jar whose worker does not. */
    static final String HELLO = "ipcbench-ab-worker";

    @Override
    public Integer call() throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but answers may reach the protocol stream
        ObjectMapper json = ResultsFile.json().copy().disable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("hello", HELLO);
        hello.put("version", IpcBench.VERSION);
        hello.put("java", System.getProperty("java.version"));
        hello.put("javaSpec", System.getProperty("java.specification.version"));
        protocol.println(json.writeValueAsString(hello));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            String[] args = json.readValue(line, String[].class);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = IpcBench.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("code", code);
            answer.put("out", out.toString());
            answer.put("err", err.toString());
            protocol.println(json.writeValueAsString(answer));
        }
        return 0;
    }
}
