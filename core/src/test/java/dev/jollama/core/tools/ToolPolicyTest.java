package dev.jollama.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jollama.core.daemon.ToolCall;
import dev.jollama.core.error.ExitCode;
import dev.jollama.core.error.ToolRefusedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who lets a call run: --allow, "always", the user — and nobody means no. */
class ToolPolicyTest {

    private static ToolCall call(String name) {
        return new ToolCall(null, null, name, null, "{}");
    }

    private static ToolPreview preview(String name, String key) {
        return new ToolPreview(name + " x", "{}", key);
    }

    @Test
    void withNobodyToAskACallNotAllowedIsRefusedNamingTheFlag() {
        ToolPolicy policy = new ToolPolicy(List.of(), null);

        assertThatThrownBy(() -> policy.decide(call("read_file"), preview("read_file", "read_file")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("no terminal to ask")
                .hasMessageContaining("--allow read_file")
                .satisfies(e -> assertThat(ExitCode.of(e)).isEqualTo(ExitCode.TOOL_REFUSED));
    }

    @Test
    void allowTakesNamesAndGlobsAndStarIsEverything() {
        ToolPolicy policy = new ToolPolicy(List.of("read_file", "fs__*"), null);
        assertThat(policy.decide(call("read_file"), preview("read_file", "read_file")))
                .isEqualTo(ToolPolicy.Approval.ALLOWED);
        assertThat(policy.decide(call("fs__read_text_file"), preview("fs", "fs__read_text_file")))
                .isEqualTo(ToolPolicy.Approval.ALLOWED);
        assertThatThrownBy(() -> policy.decide(call("shell"), preview("shell", "shell:ls")))
                .isInstanceOf(ToolRefusedException.class);
        assertThat(new ToolPolicy(List.of("*"), null).isAllowed("shell")).isTrue();
        // A glob is a glob, not a regular expression: the dot is a dot.
        assertThat(new ToolPolicy(List.of("read.file"), null).isAllowed("read_file"))
                .isFalse();
    }

    @Test
    void theUserIsAskedAndAlwaysCoversOnlyTheSameKey() {
        Deque<Approver.Answer> answers = new ArrayDeque<>(List.of(Approver.Answer.ALWAYS, Approver.Answer.NO));
        List<String> asked = new java.util.ArrayList<>();
        ToolPolicy policy = new ToolPolicy(List.of(), (c, p) -> {
            asked.add(p.alwaysKey());
            return answers.pop();
        });

        assertThat(policy.decide(call("shell"), preview("shell", "shell:ls"))).isEqualTo(ToolPolicy.Approval.APPROVED);
        assertThat(policy.decide(call("shell"), preview("shell", "shell:ls"))).isEqualTo(ToolPolicy.Approval.ALWAYS);
        assertThat(policy.decide(call("shell"), preview("shell", "shell:rm -rf /")))
                .isEqualTo(ToolPolicy.Approval.DENIED);
        assertThat(asked).containsExactly("shell:ls", "shell:rm -rf /");
    }

    @Test
    void allowInAChatTakesEffectFromThen() {
        ToolPolicy policy = new ToolPolicy(List.of(), null);
        policy.allow("grep");
        assertThat(policy.decide(call("grep"), preview("grep", "grep"))).isEqualTo(ToolPolicy.Approval.ALLOWED_IN_CHAT);
        assertThat(ToolPolicy.Approval.ALLOWED_IN_CHAT.shown()).isEqualTo("allowed by /allow");
        assertThat(policy.allowed()).containsExactly("grep");
    }
}
