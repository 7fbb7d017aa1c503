// auth-widget in a React 19 app: React 19 renders custom elements natively,
// passing string props as attributes. Options that are not strings go in
// through a ref, events come out through addEventListener.
import { StrictMode, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
// Registers <auth-widget> (and types it, for TypeScript users).
import "auth-widget";

function SignUp({ clientId, domain, language, onCreated }) {
  const widget = useRef(null);
  useEffect(() => {
    const element = widget.current;
    element.options = {
      prefill: { email: "" },
      theme: { primaryColor: "#0a7d55" },
      passwordPolicy: "fair",
    };
    const created = (event) => onCreated(event.detail);
    element.addEventListener("signup-success", created);
    return () => element.removeEventListener("signup-success", created);
  }, [onCreated]);
  return <auth-widget ref={widget} client-id={clientId} domain={domain} language={language} />;
}

function App() {
  const [user, setUser] = useState(null);
  // The page is served by the tenant here; a real app writes its tenant,
  // e.g. "your-tenant.eu.auth0.com".
  const language = new URLSearchParams(location.search).get("language") ?? undefined;
  return (
    <main>
      <h1>Create your account</h1>
      {user ? (
        <p id="welcome">Welcome, {user.email}.</p>
      ) : (
        <SignUp clientId="demo-client" domain={location.origin} language={language} onCreated={setUser} />
      )}
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
