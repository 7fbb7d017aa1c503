// make bench: Lock as an app would ship it (bundled by esbuild, minified).
import Auth0Lock from "auth0-lock";
window.Auth0Lock = Auth0Lock;
