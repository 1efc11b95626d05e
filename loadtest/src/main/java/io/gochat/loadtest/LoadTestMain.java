package io.gochat.loadtest;

import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: {@code java -jar gochat-loadtest.jar [group|single|idle] [options]}. Without a
 * scenario name the group scenario runs, so upstream-style invocations need no subcommand.
 */
@Command(name = "gochat-loadtest", mixinStandardHelpOptions = true, version = "gochat-loadtest 0.1.0",
		description = "Load generator for GoChat servers. Scenarios: group (default), single, idle, attack.",
		subcommands = { GroupScenario.class, SingleScenario.class, IdleScenario.class, AttackScenario.class })
public final class LoadTestMain implements Runnable {

	private static final Set<String> TOP_LEVEL_FLAGS = Set.of("-h", "--help", "-V", "--version");

	public static void main(String[] args) {
		System.exit(new CommandLine(new LoadTestMain()).execute(withDefaultScenario(args)));
	}

	/** Prepends "group" unless the arguments already start with a scenario or a top-level flag. */
	static String[] withDefaultScenario(String[] args) {
		if (args.length > 0 && (Set.of("group", "single", "idle", "attack", "help").contains(args[0])
				|| TOP_LEVEL_FLAGS.contains(args[0]))) {
			return args;
		}
		String[] withGroup = new String[args.length + 1];
		withGroup[0] = "group";
		System.arraycopy(args, 0, withGroup, 1, args.length);
		return withGroup;
	}

	@Override
	public void run() {
		// only reached with no scenario, which main never lets happen
		new CommandLine(this).usage(System.out);
	}

}
