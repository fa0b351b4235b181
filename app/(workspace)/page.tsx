import { HomeRedirect } from "./home-redirect";

export default function HomePage() {
  return <HomeRedirect />;
}
