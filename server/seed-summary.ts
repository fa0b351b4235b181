import type { SeedResult } from "@/db/seed";

/** How to log in after a seed, for the start-up log (and the migrate command's output). */
export function describeSeed(seed: SeedResult): string[] {
  if (!seed.seeded) return ["  Log in with the accounts you created (see README, 演示账号)."];
  const lines = [
    `  Admin: username "admin", password ${seed.admin.generated ? `"${seed.admin.password}" (generated now, shown only once; set ADMIN_PASSWORD to choose it)` : "from ADMIN_PASSWORD"}`,
  ];
  if (seed.demo && seed.demoPassword) {
    lines.push(
      `  Demo accounts (${seed.demoAccounts.map((account) => account.username).join(", ")}), password ${
        seed.demoPassword.generated ? `"${seed.demoPassword.password}" (generated now, shown only once; set DEMO_PASSWORD to choose it)` : "from DEMO_PASSWORD"
      }`,
    );
  }
  return lines;
}
