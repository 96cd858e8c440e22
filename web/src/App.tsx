export function App() {
  return <main className="p-6 font-sans">Periscope</main>
}
