namespace EdgeVision.Gpio.Reject;

/// <summary>The timing thread: decisions and actions at their deadlines, pulse ends, timing error.</summary>
public sealed partial class RejectQueue
{
    private readonly long[] _fired;
    private readonly long _widthTicks;
    private readonly long _pollTicks;
    private readonly long _guardTicks;
    private long _rejectOffAt = long.MaxValue;
    private long _passOffAt = long.MaxValue;
    private long _timingThreadAllocated;

    private void Run()
    {
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (true)
            {
                long now = _clock.Now;
                long axis = _position is null ? now : _position.Position;
                int firedRejects;
                int firedPasses;
                long nextAction;
                long nextDecision;
                bool anyOpen;
                lock (_sync)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Advance(axis, out firedRejects, out firedPasses, out nextAction, out nextDecision);
                    anyOpen = _depth > 0;
                }

                if (firedRejects + firedPasses > 0)
                {
                    Actuate(firedRejects, firedPasses);
                }

                // Pulse ends are on the time axis in both modes.
                now = _clock.Now;
                EndPulse(_reject, ref _rejectOffAt, now);
                if (_pass is not null)
                {
                    EndPulse(_pass, ref _passOffAt, now);
                }

                Interlocked.Exchange(ref _timingThreadAllocated, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);

                long wakeAt = Math.Min(_rejectOffAt, _passOffAt);
                bool precise = false;
                if (_position is null)
                {
                    // Only an output edge needs the spin; a loose wake for something else must not oversleep into
                    // an action, so one due within the guard after it makes the wait precise (and is then its deadline).
                    wakeAt = Math.Min(wakeAt, nextDecision);
                    if (nextAction != long.MaxValue && nextAction - _guardTicks <= wakeAt)
                    {
                        wakeAt = Math.Min(wakeAt, nextAction);
                        precise = true;
                    }
                }
                else if (anyOpen)
                {
                    // The count is polled while a part is on its way: the position source has no wake of its own.
                    wakeAt = Math.Min(wakeAt, now + _pollTicks);
                }

                _clock.WaitUntil(wakeAt, precise);
            }
        }
        catch (Exception ex)
        {
            // An unhandled exception would end the process; keep it for TryOpen, Deliver and Fault instead.
            lock (_sync)
            {
                _fault = ex;
            }
        }
    }

    /// <summary>
    /// Under the lock: applies the fail-safe to parts past their decision deadline, takes the parts whose action is due
    /// (their scheduled positions go to <see cref="_fired"/>, rejects first), retires finished parts from the head.
    /// </summary>
    /// <param name="axis">Where the axis is now.</param>
    /// <param name="firedRejects">How many reject actions are due.</param>
    /// <param name="firedPasses">How many pass actions are due.</param>
    /// <param name="nextAction">The earliest action still ahead on the axis, or <see cref="long.MaxValue"/>.</param>
    /// <param name="nextDecision">The earliest decision deadline still ahead, or <see cref="long.MaxValue"/>.</param>
    private void Advance(long axis, out int firedRejects, out int firedPasses, out long nextAction, out long nextDecision)
    {
        firedRejects = 0;
        firedPasses = 0;
        nextAction = long.MaxValue;
        nextDecision = long.MaxValue;
        for (int i = 0; i < _depth; i++)
        {
            ref PartRecord part = ref _parts[Slot(i)];
            if (part.State == PartState.WaitingForResult)
            {
                if (axis < part.DecisionAt)
                {
                    nextDecision = Math.Min(nextDecision, part.DecisionAt);
                    continue;
                }

                ApplyFailSafe(ref part);
            }

            if (part.State is PartState.Done)
            {
                continue;
            }

            if (axis < part.ActionAt)
            {
                nextAction = Math.Min(nextAction, part.ActionAt);
                continue;
            }

            if (part.Actuate)
            {
                // Rejects fill _fired from the front, passes from the back.
                if (part.Pass)
                {
                    _fired[_fired.Length - 1 - firedPasses] = part.ActionAt;
                    firedPasses++;
                }
                else
                {
                    _fired[firedRejects] = part.ActionAt;
                    firedRejects++;
                }
            }

            part.State = PartState.Done;
        }

        while (_depth > 0 && _parts[_head].State == PartState.Done)
        {
            _head = _head + 1 == _parts.Length ? 0 : _head + 1;
            _depth--;
        }
    }

    private void ApplyFailSafe(ref PartRecord part)
    {
        part.State = PartState.FailedSafe;
        part.FailedSafe = true;
        part.Pass = _options.FailSafe == FailSafeAction.Pass;
        part.Actuate = _options.FailSafe switch
        {
            FailSafeAction.Reject => true,
            FailSafeAction.Pass => _pass is not null,
            _ => false,
        };
        _failSafes++;
        Volatile.Write(ref _lateAlarm, true);
    }

    /// <summary>Starts (or extends) the pulses, then records actual − scheduled for each part actuated.</summary>
    private void Actuate(int firedRejects, int firedPasses)
    {
        long rejectAt = 0;
        long passAt = 0;
        if (firedRejects > 0)
        {
            rejectAt = StartPulse(_reject, ref _rejectOffAt);
        }

        if (firedPasses > 0)
        {
            passAt = StartPulse(_pass!, ref _passOffAt);
        }

        lock (_sync)
        {
            for (int i = 0; i < firedRejects; i++)
            {
                _samples.Add(rejectAt - _fired[i]);
            }

            for (int i = 0; i < firedPasses; i++)
            {
                _samples.Add(passAt - _fired[_fired.Length - 1 - i]);
            }

            _actuatedRejects += firedRejects;
            _actuatedPasses += firedPasses;
        }
    }

    /// <summary>Activates a line (unless its pulse is still on, which is then extended) and returns when, on the queue's axis.</summary>
    private long StartPulse(OutputLine line, ref long offAt)
    {
        long actual = _position is null ? _clock.Now : _position.Position;
        if (!line.IsActive)
        {
            line.SetActive(true);
        }

        offAt = _clock.Now + _widthTicks;
        return actual;
    }

    private static void EndPulse(OutputLine line, ref long offAt, long now)
    {
        if (offAt != long.MaxValue && now >= offAt)
        {
            line.SetActive(false);
            offAt = long.MaxValue;
        }
    }
}
