import { router } from "@/server/trpc";
import { auditRouter } from "./audit";
import { authRouter } from "./auth";
import { departmentRouter } from "./departments";
import { indicatorRouter } from "./indicators";
import { planRouter } from "./plans";
import { projectRouter } from "./projects";
import { sectionRouter } from "./sections";
import { userRouter } from "./users";

export const appRouter = router({
  auth: authRouter,
  plan: planRouter,
  section: sectionRouter,
  project: projectRouter,
  indicator: indicatorRouter,
  department: departmentRouter,
  user: userRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
