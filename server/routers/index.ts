import { router } from "@/server/trpc";
import { auditRouter } from "./audit";
import { authRouter } from "./auth";
import { departmentRouter } from "./departments";
import { exportRouter } from "./export";
import { indicatorRouter } from "./indicators";
import { liveRouter } from "./live";
import { planRouter } from "./plans";
import { projectRouter } from "./projects";
import { commentRouter, notificationRouter, reviewRouter, versionRouter } from "./review";
import { searchRouter } from "./search";
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
  version: versionRouter,
  review: reviewRouter,
  comment: commentRouter,
  notification: notificationRouter,
  export: exportRouter,
  search: searchRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
