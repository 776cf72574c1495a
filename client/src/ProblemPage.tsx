/** A full page that says what went wrong and leads back to the start page. */
export function ProblemPage({ title, detail }: { title: string; detail: string }) {
  return (
    <div className="home">
      <main className="home-main" role="alert">
        <h1>{title}</h1>
        <p className="lede">{detail}</p>
        <a className="button primary" href="/">
          Go to the start page
        </a>
      </main>
    </div>
  )
}

/** A full page that says what is loading (a recording, a report). */
export function LoadingPage({ text }: { text: string }) {
  return (
    <div className="home">
      <main className="home-main">
        <p className="lede">{text}</p>
      </main>
    </div>
  )
}
