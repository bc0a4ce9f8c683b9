package dev.jollama.cli.repl;

import dev.jollama.core.text.NearestMatch;

final class ProfileSlashCommand implements SlashCommand {

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String arguments() {
        return "NAME";
    }

    @Override
    public String description() {
        return "use a profile's model, system prompt and options";
    }

    @Override
    public boolean run(ReplSession session, String args) {
        var profiles = session.services().config().profiles();
        if (!profiles.containsKey(args)) {
            session.error("no profile '" + args + "'" + NearestMatch.hint(args, profiles.keySet()) + "; profiles: "
                    + String.join(", ", profiles.keySet()));
            return true;
        }
        session.useProfile(profiles.get(args));
        session.println("profile " + args + ": " + profiles.get(args).model());
        return true;
    }
}
