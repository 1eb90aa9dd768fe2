package escalation

import "time"

// Firing is one step of one round coming due, At after the page was triggered.
type Firing struct {
	At    time.Duration
	Step  int
	Round int
}

// Timeline lists every firing of p in order, for a page that nobody
// acknowledges: Repeat+1 rounds of every step. Steps whose predecessors have
// delay 0 fire at the same instant as them. The paging engine keeps the index
// of the next firing in the page's escalation state and schedules a job for
// its At; it is at most MaxSteps*(MaxRepeat+1) long for a valid policy.
func (p Policy) Timeline() []Firing {
	if len(p.Steps) == 0 {
		return nil
	}
	rounds := max(p.Repeat, 0) + 1
	out := make([]Firing, 0, rounds*len(p.Steps))
	var at time.Duration
	for r := range rounds {
		for i, st := range p.Steps {
			out = append(out, Firing{At: at, Step: i, Round: r})
			at += st.Delay()
		}
	}
	return out
}

// End is when an unacknowledged page runs out of escalation: the last step
// of the last round has fired and its delay has passed with no answer.
func (p Policy) End() time.Duration {
	var round time.Duration
	for _, st := range p.Steps {
		round += st.Delay()
	}
	return round * time.Duration(max(p.Repeat, 0)+1)
}

// StepAt says where a page triggered elapsed ago stands: the latest step due
// (every earlier step of the same round, and every earlier round, is due too)
// in which round, and whether the escalation is over. It is over once the
// page is acknowledged (step and round then say how far it got) or once End
// has passed; a policy without steps is over at once.
func (p Policy) StepAt(elapsed time.Duration, acknowledged bool) (step, round int, done bool) {
	if len(p.Steps) == 0 {
		return 0, 0, true
	}
	for _, f := range p.Timeline() {
		if f.At > elapsed {
			break
		}
		step, round = f.Step, f.Round
	}
	return step, round, acknowledged || elapsed >= p.End()
}

// Next returns the firing that follows step of round in p's timeline, and
// false when that was the last one. The paging engine keeps (step, round) of
// the last firing on the page and asks for the next to schedule it; its At
// is measured from when the page was triggered, like every firing's.
func (p Policy) Next(step, round int) (Firing, bool) {
	i := round*len(p.Steps) + step + 1
	tl := p.Timeline()
	if step < 0 || step >= len(p.Steps) || round < 0 || i >= len(tl) {
		return Firing{}, false
	}
	return tl[i], true
}
