// "Copy" buttons: data-copy names the input whose text goes to the clipboard.
// navigator.clipboard needs https (or localhost); elsewhere the text is selected and
// copied the old way, and stays selected for a manual copy if even that is refused.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  field.select();
  let copied = false;
  try {
    await navigator.clipboard.writeText(field.value);
    copied = true;
  } catch (error) {
    copied = document.execCommand && document.execCommand("copy");
  }
  button.textContent = copied ? "Copied" : "Selected: press Ctrl+C";
});
