/** Node names of the inline chips that cite tracked projects and indicators (attrs: { id }). */
export const PROJECT_REF = "projectRef";
export const INDICATOR_REF = "indicatorRef";
